import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { complete, createTestApp, isolatedDatabase, makeChallenge, signedIn, type TestApp } from './helpers.js';

// Own database: the dashboard counts the whole program, and the random data is wiped between runs.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'], name: 'Ada Admin' });
});
afterAll(async () => {
  await t.close();
  await iso.drop();
});

const DAY = 86_400_000;
const q = async <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) =>
  (await iso.database.db.execute<T>(s)).rows;
const one = async (s: ReturnType<typeof sql>) => Number(Object.values((await q(s))[0]!)[0] ?? 0);
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 3_600_000).toISOString();
const ids = (list: string[]) => sql`${`{${list.join(',')}}`}::uuid[]`;

/** Random program activity, inserted straight into the tables. */
const Program = fc.record({
  members: fc.array(
    fc.record({
      advocate: fc.boolean(),
      createdDaysAgo: fc.integer({ min: 0, max: 200 }),
      joinedAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      balance: fc.integer({ min: 0, max: 5000 }),
      company: fc.constantFrom('Acme', 'Globex'),
    }),
    { minLength: 1, maxLength: 25 },
  ),
  rounds: fc.array(
    fc.record({
      member: fc.nat(),
      challenge: fc.integer({ min: 0, max: 4 }),
      daysAgo: fc.integer({ min: 0, max: 150 }),
      completed: fc.boolean(),
      reviewHours: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
    }),
    { maxLength: 60 },
  ),
  points: fc.array(
    fc.record({
      member: fc.nat(),
      delta: fc.integer({ min: -500, max: 500 }).filter((d) => d !== 0),
      kind: fc.constantFrom('earn', 'adjust', 'redeem', 'refund', 'reversal'),
      daysAgo: fc.integer({ min: 0, max: 150 }),
    }),
    { maxLength: 40 },
  ),
  redemptions: fc.array(
    fc.record({
      member: fc.nat(),
      daysAgo: fc.integer({ min: 0, max: 150 }),
      status: fc.constantFrom('requested', 'fulfilled', 'declined'),
      hours: fc.integer({ min: 1, max: 200 }),
    }),
    { maxLength: 15 },
  ),
  rangeDays: fc.integer({ min: 1, max: 120 }),
});

/** Five challenges: a review (advocacy), a social share, a fun one, a case study (typed by the admin), a quiz-like one. */
async function challenges() {
  const review = await makeChallenge(admin, {
    category: 'advocacy',
    stages: [{ kind: 'review', title: 'Review', points: 10, config: { site: 'G2', url: 'https://g2.example/' } }],
  });
  const share = await makeChallenge(admin, {
    category: 'social',
    stages: [{ kind: 'confirm', title: 'Shared', points: 10 }],
  });
  const fun = await makeChallenge(admin, { category: 'fun' });
  const caseStudy = await makeChallenge(admin, { category: 'educational' });
  const quiz = await makeChallenge(admin, { category: 'educational' });
  const put = await admin.as({
    method: 'PUT',
    url: '/api/admin/analytics/values',
    payload: {
      values: [
        { type: 'review', valueCents: 25_000 },
        { type: 'case_study', valueCents: 500_000 },
      ],
      challenges: [{ challengeId: caseStudy.id, type: 'case_study' }],
    },
  });
  expect(put.statusCode).toBe(200);
  return [review, share, fun, caseStudy, quiz];
}

describe('the analytics dashboard', () => {
  it('equals independent counts on random data', async () => {
    const cs = await challenges();
    const [reward] = await q<{ id: string }>(
      sql`insert into rewards (name, type, cost) values ('Mug', 'item', 100) returning id`,
    );
    await fc.assert(
      fc.asyncProperty(Program, async (p) => {
        // A clean slate but for the admin and the challenges.
        await q(sql`delete from members where id <> ${admin.member.id}`);
        await q(sql`delete from challenge_rounds`);
        const m: string[] = [];
        for (const x of p.members) {
          const created = ago(x.createdDaysAgo, 1);
          const joined = x.joinedAfter === null ? null : ago(Math.max(0, x.createdDaysAgo - x.joinedAfter));
          const [row] = await q<{ id: string }>(sql`
            insert into members (email, name, status, company, balance, created_at, joined_at)
            values (${`${crypto.randomUUID()}@x.test`}, 'M', ${joined ? 'active' : 'invited'}, ${x.company},
                    ${x.balance}, ${created}, ${joined}) returning id`);
          await q(
            sql`insert into member_roles (member_id, role) values (${row!.id}, ${x.advocate ? 'advocate' : 'moderator'})`,
          );
          m.push(row!.id);
        }
        const seen = new Map<string, number>();
        for (const r of p.rounds) {
          const member = m[r.member % m.length]!;
          const c = cs[r.challenge]!;
          const k = `${member}:${c.id}`;
          const round = (seen.get(k) ?? 0) + 1;
          seen.set(k, round);
          const at = ago(r.daysAgo, 2);
          const done = r.completed ? ago(r.daysAgo) : null;
          await q(sql`insert into challenge_rounds (member_id, challenge_id, round, status, submitted_at, completed_at)
                      values (${member}, ${c.id}, ${round}, ${r.completed ? 'completed' : 'submitted'}, ${at}, ${done})`);
          await q(sql`insert into completions (member_id, challenge_id, stage_id, round, status, created_at, reviewed_at, reviewer_id)
                      values (${member}, ${c.id}, ${c.stages[0]!.id}, ${round}, ${r.completed ? 'approved' : 'pending'}, ${at},
                              ${r.reviewHours && r.completed ? new Date(Date.parse(at) + r.reviewHours * 3_600_000).toISOString() : null},
                              ${r.reviewHours && r.completed ? admin.member.id : null})`);
        }
        for (const e of p.points) {
          const member = m[e.member % m.length]!;
          await q(sql`insert into point_entries (member_id, delta, lifetime_delta, kind, source_type, reason, created_at)
                      values (${member}, ${e.delta}, 0, ${e.kind}, 'test', 'test', ${ago(e.daysAgo)})`);
        }
        for (const d of p.redemptions) {
          const member = m[d.member % m.length]!;
          const at = ago(d.daysAgo, 3);
          const decided =
            d.status === 'requested' ? null : new Date(Date.parse(at) + d.hours * 3_600_000).toISOString();
          await q(sql`insert into redemptions (member_id, reward_id, status, cost, created_at, decided_at, fulfilled_at)
                      values (${member}, ${reward!.id}, ${d.status}, 100, ${at}, ${decided}, ${d.status === 'fulfilled' ? decided : null})`);
        }

        const toDay = new Date().toISOString().slice(0, 10);
        const fromDay = new Date(Date.now() - (p.rangeDays - 1) * DAY).toISOString().slice(0, 10);
        const from = `${fromDay}T00:00:00Z`;
        const to = new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY).toISOString();
        const res = await admin.as({
          method: 'GET',
          url: `/api/admin/analytics/overview?from=${fromDay}&to=${toDay}`,
        });
        expect(res.statusCode).toBe(200);
        const o = res.json().overview;

        // Independent counts: advocates listed once, each figure its own query.
        const adv = (
          await q<{ member_id: string }>(sql`select member_id from member_roles where role = 'advocate'`)
        ).map((r) => r.member_id);
        const A = ids(adv);
        expect(o.members.population).toBe(adv.length);
        expect(o.members.invited).toBe(
          await one(
            sql`select count(*) from members where id = any(${A}) and created_at between ${from} and ${to} and created_at <> ${to}`,
          ),
        );
        expect(o.members.joined).toBe(
          await one(
            sql`select count(*) from members where id = any(${A}) and joined_at >= ${from} and joined_at < ${to}`,
          ),
        );
        for (const d of [7, 30, 90] as const) {
          const since = new Date(Date.parse(to) - d * DAY).toISOString();
          expect(o.members.active[`d${d}`]).toBe(
            await one(sql`select count(*) from members mm where mm.id = any(${A}) and (
              mm.id in (select member_id from completions where created_at >= ${since} and created_at < ${to})
              or mm.id in (select member_id from redemptions where created_at >= ${since} and created_at < ${to}))`),
          );
          // Advocacy challenges here: the review, the social share and the case study.
          expect(o.members.engaged[`d${d}`]).toBe(
            await one(sql`select count(distinct member_id) from challenge_rounds
              where member_id = any(${A}) and status = 'completed' and completed_at >= ${since} and completed_at < ${to}
                and challenge_id in (${cs[0]!.id}, ${cs[1]!.id}, ${cs[3]!.id})`),
          );
        }
        const actsOf = async (c: number) =>
          one(sql`select count(*) from challenge_rounds where member_id = any(${A}) and status = 'completed'
                  and completed_at >= ${from} and completed_at < ${to} and challenge_id = ${cs[c]!.id}`);
        const byType = Object.fromEntries(o.acts.byType.map((a: { type: string }) => [a.type, a]));
        expect(byType.review.count).toBe(await actsOf(0));
        expect(byType.social_share.count).toBe(await actsOf(1));
        expect(byType.case_study.count).toBe(await actsOf(3));
        expect(byType.review.totalCents).toBe(byType.review.count * 25_000);
        expect(o.acts.totalCents).toBe(byType.review.count * 25_000 + byType.case_study.count * 500_000);
        expect(o.acts.total).toBe((await actsOf(0)) + (await actsOf(1)) + (await actsOf(3)));
        expect(o.completions.challenges).toBe(
          await one(
            sql`select count(*) from challenge_rounds where member_id = any(${A}) and status = 'completed' and completed_at >= ${from} and completed_at < ${to}`,
          ),
        );
        expect(o.points.issued).toBe(
          await one(sql`select coalesce(sum(delta), 0) from point_entries where member_id = any(${A}) and delta > 0
                        and kind in ('earn', 'adjust') and created_at >= ${from} and created_at < ${to}`),
        );
        expect(o.points.redeemed).toBe(
          (await one(
            sql`select coalesce(sum(-delta), 0) from point_entries where member_id = any(${A}) and kind = 'redeem' and created_at >= ${from} and created_at < ${to}`,
          )) -
            (await one(
              sql`select coalesce(sum(delta), 0) from point_entries where member_id = any(${A}) and kind = 'refund' and created_at >= ${from} and created_at < ${to}`,
            )),
        );
        expect(o.points.outstanding).toBe(
          await one(sql`select coalesce(sum(balance), 0) from members where id = any(${A})`),
        );
        // Funnel over everyone up to the end of the range.
        const acts = await q<{ member_id: string; n: string }>(sql`select member_id, count(*) as n from challenge_rounds
          where member_id = any(${A}) and status = 'completed' and completed_at < ${to}
            and challenge_id in (${cs[0]!.id}, ${cs[1]!.id}, ${cs[3]!.id}) group by member_id`);
        expect(o.funnel.map((f: { count: number }) => f.count)).toEqual([
          adv.length,
          await one(sql`select count(*) from members where id = any(${A}) and joined_at is not null`),
          await one(
            sql`select count(distinct member_id) from challenge_rounds where member_id = any(${A}) and status = 'completed'`,
          ),
          acts.length,
          acts.filter((a) => Number(a.n) >= 2).length,
        ]);
        const top = o.topChallenges as { id: string; completions: number; members: number }[];
        for (const c of top) {
          expect(c.completions).toBe(
            await one(
              sql`select count(*) from challenge_rounds where challenge_id = ${c.id} and member_id = any(${A}) and status = 'completed' and completed_at >= ${from} and completed_at < ${to}`,
            ),
          );
        }
        expect(o.turnaround.review.decided).toBe(
          await one(
            sql`select count(*) from completions where member_id = any(${A}) and reviewer_id is not null and reviewed_at >= ${from} and reviewed_at < ${to}`,
          ),
        );
        const hours = (
          await q<{ h: string }>(sql`select extract(epoch from reviewed_at - created_at) / 3600 as h from completions
            where member_id = any(${A}) and reviewer_id is not null and reviewed_at >= ${from} and reviewed_at < ${to}`)
        )
          .map((r) => Number(r.h))
          .sort((a, b) => a - b);
        if (hours.length) {
          // Linear interpolation between ranks, as percentile_cont does, computed here in JS.
          const pct = (p: number) => {
            const i = p * (hours.length - 1);
            const lo = Math.floor(i);
            return hours[lo]! + (hours[Math.min(lo + 1, hours.length - 1)]! - hours[lo]!) * (i - lo);
          };
          expect(o.turnaround.review.medianHours).toBeCloseTo(pct(0.5), 0);
          expect(o.turnaround.review.p90Hours).toBeCloseTo(pct(0.9), 0);
        } else expect(o.turnaround.review.medianHours).toBeNull();
        expect(o.turnaround.redemption.decided).toBe(
          await one(sql`select count(*) from redemptions where member_id = any(${A}) and status in ('fulfilled', 'declined')
                        and coalesce(fulfilled_at, decided_at) >= ${from} and coalesce(fulfilled_at, decided_at) < ${to}`),
        );
        // Retention: each cohort's size is its joiners in the range.
        for (const r of o.retention as { cohort: string; size: number; shares: number[] }[]) {
          expect(r.size).toBe(
            await one(sql`select count(*) from members where id = any(${A}) and to_char(joined_at, 'YYYY-MM') = ${r.cohort}
                          and joined_at >= ${from} and joined_at < ${to}`),
          );
          expect(r.shares.every((s) => s >= 0 && s <= 1)).toBe(true);
        }
        // The segment filter keeps the segment's members only.
        const seg = await admin.as({
          method: 'POST',
          url: '/api/admin/segments',
          payload: {
            name: `Acme ${crypto.randomUUID().slice(0, 6)}`,
            rule: { match: 'all', conditions: [{ field: 'company', op: 'is', values: ['Acme'] }] },
          },
        });
        expect(seg.statusCode).toBe(201);
        const filtered = (
          await admin.as({
            method: 'GET',
            url: `/api/admin/analytics/overview?from=${fromDay}&to=${toDay}&segmentId=${seg.json().segment.id}`,
          })
        ).json().overview;
        expect(filtered.members.population).toBe(
          await one(sql`select count(*) from members where id = any(${A}) and company = 'Acme' and status = 'active'`),
        );
        expect(filtered.points.outstanding).toBe(
          await one(
            sql`select coalesce(sum(balance), 0) from members where id = any(${A}) and company = 'Acme' and status = 'active'`,
          ),
        );
        await admin.as({ method: 'DELETE', url: `/api/admin/segments/${seg.json().segment.id}` });
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('exports each table as CSV and defuses formulas', async () => {
    const c = await makeChallenge(admin, { title: '=HYPERLINK("http://evil.example")', category: 'fun' });
    const m = await signedIn(t, { name: '@Mallory' });
    expect((await complete(m, c.id)).statusCode).toBe(201);
    const res = await admin.as({ method: 'GET', url: '/api/admin/analytics/export?table=top_challenges' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="analytics-top_challenges-/);
    expect(res.body.split('\n')[0]).toBe('challenge_id,title,completions,members');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
    for (const table of ['members', 'acts', 'points', 'funnel', 'retention', 'turnaround']) {
      const r = await admin.as({ method: 'GET', url: `/api/admin/analytics/export?table=${table}` });
      expect(r.statusCode).toBe(200);
      expect(r.body.length).toBeGreaterThan(10);
    }
  });

  it('refuses a range that ends before it starts', async () => {
    const res = await admin.as({ method: 'GET', url: '/api/admin/analytics/overview?from=2026-05-02&to=2026-05-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('analytics.bad_range');
  });
});

describe('the advocacy leak', () => {
  it('lists enthusiastic members without an act, activates them once, and counts who acted since', async () => {
    await q(sql`delete from members where id <> ${admin.member.id}`);
    const promoter = await signedIn(t, { name: 'Pat Promoter' });
    const promoter2 = await signedIn(t, { name: 'Quinn Promoter' });
    const acted = await signedIn(t, { name: 'Rae Reviewer' });
    const detractor = await signedIn(t, { name: 'Sam Sceptic' });
    await q(
      sql`update members set last_nps = 10 where id in (${promoter.member.id}, ${promoter2.member.id}, ${acted.member.id})`,
    );
    await q(sql`update members set last_nps = 3 where id = ${detractor.member.id}`);
    // Rae did an act of advocacy yesterday: not leaking.
    const review = await makeChallenge(admin, {
      category: 'advocacy',
      stages: [{ kind: 'confirm', title: 'I spoke at a meetup', points: 10 }],
    });
    expect((await complete(acted, review.id)).statusCode).toBe(201);

    // A happy survey answer (5 on the 1–5 scale) and a busy month of non-advocacy steps are signals too.
    const happy = await signedIn(t, { name: 'Hana Happy' });
    const lukewarm = await signedIn(t, { name: 'Luke Lukewarm' });
    const busy = await signedIn(t, { name: 'Bo Busy' });
    const survey = await makeChallenge(admin, {
      category: 'feedback',
      stages: [
        {
          kind: 'survey',
          title: 'Survey',
          points: 5,
          config: { questions: [{ id: 'sat', prompt: 'Happy?', type: 'scale' }] },
        },
      ],
    });
    expect((await complete(happy, survey.id, { response: { answers: { sat: 5 } } })).statusCode).toBe(201);
    expect((await complete(lukewarm, survey.id, { response: { answers: { sat: 3 } } })).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) {
      const fun = await makeChallenge(admin, { category: 'fun' });
      expect((await complete(busy, fun.id)).statusCode).toBe(201);
      if (i < 1) expect((await complete(lukewarm, fun.id)).statusCode).toBe(201);
    }
    const leak = await admin.as({ method: 'GET', url: '/api/admin/analytics/leak?days=30' });
    expect(leak.statusCode).toBe(200);
    const body = leak.json();
    const independent = (
      await q<{ id: string }>(sql`select m.id from members m
        where m.status = 'active'
          and exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
          and (m.last_nps in (9, 10)
            or m.id in (select c.member_id from completions c join challenge_stages s on s.id = c.stage_id
                         where s.kind = 'survey' and c.status = 'approved' and c.created_at > now() - interval '180 days'
                           and (c.response -> 'answers' ->> 'sat')::int >= 4)
            or (select count(*) from completions c join challenges ch on ch.id = c.challenge_id
                 where c.member_id = m.id and c.status = 'approved' and ch.category not in ('advocacy', 'social')
                   and c.created_at > now() - interval '30 days') >= 3)
          and not exists (select 1 from challenge_rounds cr join challenges c on c.id = cr.challenge_id
                           where cr.member_id = m.id and cr.status = 'completed' and c.category in ('advocacy', 'social')
                             and cr.completed_at > now() - interval '30 days')
        order by m.id`)
    ).map((r) => r.id);
    expect(body.members.map((x: { id: string }) => x.id).sort()).toEqual(independent);
    expect(body.members.map((x: { name: string }) => x.name)).toEqual([
      'Bo Busy',
      'Hana Happy',
      'Pat Promoter',
      'Quinn Promoter',
    ]);
    const signals = Object.fromEntries(
      body.members.map((x: { name: string; signals: unknown }) => [x.name, x.signals]),
    );
    expect(signals['Pat Promoter']).toEqual({ nps: 10, positiveSurveys: 0, recentActivity: 0 });
    expect(signals['Hana Happy']).toEqual({ nps: null, positiveSurveys: 1, recentActivity: 1 });
    expect(signals['Bo Busy']).toEqual({ nps: null, positiveSurveys: 0, recentActivity: 3 });

    // Sized per saved segment: a segment of the two promoters' company.
    await q(
      sql`update members set company = 'Promo Inc' where id in (${promoter.member.id}, ${promoter2.member.id}, ${acted.member.id})`,
    );
    const seg = await admin.as({
      method: 'POST',
      url: '/api/admin/segments',
      payload: {
        name: 'Promo Inc',
        rule: { match: 'all', conditions: [{ field: 'company', op: 'is', values: ['Promo Inc'] }] },
      },
    });
    expect(seg.statusCode).toBe(201);
    const sized = (await admin.as({ method: 'GET', url: '/api/admin/analytics/leak?days=30' })).json();
    expect(sized.total).toBe(4);
    expect(sized.segments.find((x: { name: string }) => x.name === 'Promo Inc').count).toBe(2);
    const promoSeg = seg.json().segment.id as string;

    // One click (twice, same key): one activation, the cohort in a group, the ladder targeted at it.
    const key = crypto.randomUUID();
    const click = () =>
      admin.as({
        method: 'POST',
        url: '/api/admin/analytics/leak/activations',
        payload: { days: 30, segmentId: promoSeg },
        headers: { 'idempotency-key': key },
      });
    const [first, second] = await Promise.all([click(), click()]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 201]);
    const activation = first.json().activation;
    expect(second.json().activation.id).toBe(activation.id);
    expect(activation.cohortSize).toBe(2);
    expect(activation.steps).toHaveLength(3);
    expect(await one(sql`select count(*) from leak_activations`)).toBe(1);
    const groupMembers = (
      await q<{ member_id: string }>(
        sql`select member_id from group_members where group_id = ${activation.groupId} order by member_id`,
      )
    ).map((r) => r.member_id);
    expect(groupMembers).toEqual([promoter.member.id, promoter2.member.id].sort());
    for (const step of activation.steps) {
      const [c] = await q<{ targeting: { includeGroupIds: string[] } }>(
        sql`select targeting from challenges where id = ${step.challengeId}`,
      );
      expect(c!.targeting.includeGroupIds).toContain(activation.groupId);
    }
    await t.app.outbox.drain();
    expect(
      await one(
        sql`select count(*) from notifications where kind = 'challenge.invited' and member_id in (${promoter.member.id}, ${promoter2.member.id})`,
      ),
    ).toBe(2);
    expect(await one(sql`select count(*) from notifications where kind = 'challenge.invited'`)).toBe(2);

    // The cohort sees the first step, others do not; completing it counts as activated.
    const first1 = activation.steps[0].challengeId;
    const visible = (await promoter.as({ method: 'GET', url: '/api/challenges' })).json();
    expect(JSON.stringify(visible)).toContain(first1);
    expect(JSON.stringify((await detractor.as({ method: 'GET', url: '/api/challenges' })).json())).not.toContain(
      first1,
    );
    expect((await complete(promoter, first1, { response: { text: 'Because it just works.' } })).statusCode).toBe(201);
    const list = (await admin.as({ method: 'GET', url: '/api/admin/analytics/leak/activations' })).json().activations;
    expect(list[0].activated).toBe(1);
    expect(list[0].steps[0].completed).toBe(1);
    expect(list[0].steps[1].completed).toBe(0);

    // A second activation of the segment reuses the ladder, for who still leaks there.
    const again = await admin.as({
      method: 'POST',
      url: '/api/admin/analytics/leak/activations',
      payload: { days: 30, segmentId: promoSeg },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().activation.steps.map((s: { challengeId: string }) => s.challengeId)).toEqual(
      activation.steps.map((s: { challengeId: string }) => s.challengeId),
    );
    expect(again.json().activation.cohortSize).toBe(1);
    // A segment where nobody leaks: nothing to activate.
    await q(sql`update members set last_nps = 3 where id = ${promoter2.member.id}`);
    const none = await admin.as({
      method: 'POST',
      url: '/api/admin/analytics/leak/activations',
      payload: { days: 30, segmentId: promoSeg },
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.code).toBe('analytics.empty_cohort');
    const audit = await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${activation.id}` });
    expect(audit.json().entries[0].summary).toBe('Ada Admin activated 2 members of the advocacy leak');
  });

  it('asks with a challenge the admin picks: a targeted one gains the cohort, one open to all stays open', async () => {
    await q(sql`delete from members where id <> ${admin.member.id}`);
    const fan = await signedIn(t, { name: 'Fay Fan' });
    const other = await signedIn(t, { name: 'Oli Other' });
    await q(sql`update members set last_nps = 9 where id = ${fan.member.id}`);
    const groupRes = await admin.as({
      method: 'POST',
      url: '/api/admin/groups',
      payload: { name: `VIP ${crypto.randomUUID()}` },
    });
    expect(groupRes.statusCode).toBe(201);
    const vip = groupRes.json().group.id as string;
    const targeted = await makeChallenge(admin, {
      targeting: { includeGroupIds: [vip], includeSegmentIds: [], excludeGroupIds: [], excludeSegmentIds: [] },
    });
    const open = await makeChallenge(admin);
    const one = await admin.as({
      method: 'POST',
      url: '/api/admin/analytics/leak/activations',
      payload: { days: 30, challengeId: targeted.id, message: 'We would love your voice.' },
    });
    expect(one.statusCode).toBe(201);
    const a = one.json().activation;
    expect(a.cohortSize).toBe(1);
    expect(a.steps.map((x: { challengeId: string }) => x.challengeId)).toEqual([targeted.id]);
    const [row] = await q<{ targeting: { includeGroupIds: string[] } }>(
      sql`select targeting from challenges where id = ${targeted.id}`,
    );
    expect(row!.targeting.includeGroupIds.sort()).toEqual([vip, a.groupId].sort());
    expect(JSON.stringify((await fan.as({ method: 'GET', url: '/api/challenges' })).json())).toContain(targeted.id);
    expect(JSON.stringify((await other.as({ method: 'GET', url: '/api/challenges' })).json())).not.toContain(
      targeted.id,
    );
    await t.app.outbox.drain();
    const [note] = await q<{ body: string; link: string }>(
      sql`select body, link from notifications where member_id = ${fan.member.id} and kind = 'challenge.invited'`,
    );
    expect(note).toEqual({ body: 'We would love your voice.', link: `/challenges/${targeted.id}` });

    const two = await admin.as({
      method: 'POST',
      url: '/api/admin/analytics/leak/activations',
      payload: { days: 30, challengeId: open.id },
    });
    expect(two.statusCode).toBe(201);
    const [openRow] = await q<{ targeting: { includeGroupIds: string[] } }>(
      sql`select targeting from challenges where id = ${open.id}`,
    );
    expect(openRow!.targeting.includeGroupIds).toEqual([]);
    expect(
      (
        await admin.as({
          method: 'POST',
          url: '/api/admin/analytics/leak/activations',
          payload: { days: 30, challengeId: crypto.randomUUID() },
        })
      ).statusCode,
    ).toBe(404);
  });
});
