import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import {
  complete,
  createTestApp,
  isolatedDatabase,
  makeChallenge,
  makeReward,
  signedIn,
  type TestApp,
} from './helpers.js';

// Own database: the overview counts the whole program.
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

/** Monday 00:00 UTC of the week of `now` (the test program runs in UTC). */
function mondayOf(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

/** The same numbers, each counted on its own, straight from the tables. */
async function independent(now: Date) {
  const weekStart = mondayOf(now);
  const prevStart = new Date(weekStart.getTime() - 7 * 86_400_000);
  const prevNow = new Date(now.getTime() - 7 * 86_400_000);
  const one = async (q: ReturnType<typeof sql>) => Number((await iso.database.db.execute<{ n: number }>(q)).rows[0]!.n);
  const windows = [
    [weekStart, now],
    [prevStart, prevNow],
  ] as const;
  const per = async (make: (from: string, to: string) => ReturnType<typeof sql>) => {
    const [a, b] = windows;
    return {
      thisWeek: await one(make(a[0].toISOString(), a[1].toISOString())),
      lastWeek: await one(make(b[0].toISOString(), b[1].toISOString())),
    };
  };
  return {
    activeAdvocates: await per(
      (from, to) => sql`select count(*)::int as n from members m
        where exists (select 1 from member_roles r where r.member_id = m.id and r.role = 'advocate')
          and (exists (select 1 from completions c where c.member_id = m.id
                 and c.created_at >= ${from}::timestamptz and c.created_at <= ${to}::timestamptz)
            or exists (select 1 from community_posts p where p.author_id = m.id
                 and p.created_at >= ${from}::timestamptz and p.created_at <= ${to}::timestamptz))`,
    ),
    completions: await per(
      (from, to) => sql`select count(*)::int as n from challenge_rounds
        where completed_at >= ${from}::timestamptz and completed_at <= ${to}::timestamptz`,
    ),
    pointsAwarded: await per(
      (from, to) => sql`select coalesce(sum(delta), 0)::int as n from point_entries
        where kind in ('earn', 'adjust') and delta > 0
          and created_at >= ${from}::timestamptz and created_at <= ${to}::timestamptz`,
    ),
    pendingReviews: await one(sql`select count(*)::int as n from completions c
      join challenge_stages s on s.id = c.stage_id where c.status = 'pending' and s.needs_review`),
    pendingRedemptions: await one(sql`select count(*)::int as n from redemptions where status = 'requested'`),
  };
}

describe('the admin overview', () => {
  it('counts this week’s activity, last week’s up to the same moment, and what waits for the team', async () => {
    const confirm = await makeChallenge(admin, {
      title: 'Say hello',
      stages: [{ kind: 'confirm', title: 'Done', points: 50 }],
    });
    const reviewed = await makeChallenge(admin, {
      title: 'Write a G2 review',
      stages: [{ kind: 'confirm', title: 'I wrote it', points: 500, needsReview: true }],
    });
    const reward = await makeReward(admin, { cost: 10, needsApproval: true });

    const maya = await signedIn(t, { name: 'Maya Patel' });
    const omar = await signedIn(t, { name: 'Omar Haddad' });
    const old = await signedIn(t, { name: 'Lin Old' });
    expect((await complete(maya, confirm.id)).statusCode).toBe(201);
    expect((await complete(omar, reviewed.id)).statusCode).toBe(201);
    expect(
      (await maya.as({ method: 'POST', url: `/api/rewards/${reward.id}/redemptions`, payload: {} })).statusCode,
    ).toBe(201);
    const adjusted = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${omar.member.id}/adjustments`,
      payload: { points: 30, reason: 'Spoke at the meetup' },
    });
    expect(adjusted.statusCode).toBe(201);
    // Lin's completion happened a week and a minute ago: last week's, never this week's.
    expect((await complete(old, confirm.id)).statusCode).toBe(201);
    const ago = sql`now() - interval '7 days 1 minute'`;
    await iso.database.db.execute(sql`update completions set created_at = ${ago} where member_id = ${old.member.id}`);
    await iso.database.db.execute(
      sql`update challenge_rounds set submitted_at = ${ago}, completed_at = ${ago} where member_id = ${old.member.id}`,
    );
    await iso.database.db.execute(sql`update point_entries set created_at = ${ago} where member_id = ${old.member.id}`);

    const res = await admin.as({ method: 'GET', url: '/api/admin/overview' });
    expect(res.statusCode).toBe(200);
    const { overview } = res.json();
    const expected = await independent(new Date());

    // What the test made this week, known without any SQL.
    expect(overview.activeAdvocates.thisWeek).toBe(2); // Maya and Omar; the admin is staff
    expect(overview.completions.thisWeek).toBe(1); // Omar's round waits for review
    expect(overview.pointsAwarded.thisWeek).toBe(80); // 50 earned + 30 added; the redemption is spent, not awarded
    expect(overview.pendingReviews).toBe(1);
    expect(overview.pendingRedemptions).toBe(1);
    expect(overview.members).toEqual({ total: 4, invited: 0, suspended: 0 });
    expect(overview.weekStart).toBe(mondayOf(new Date()).toISOString());
    // And every number as the tables say it, last week included.
    expect(overview).toMatchObject(expected);
  });

  it('is for admins only', async () => {
    const advocate = await signedIn(t);
    expect((await advocate.as({ method: 'GET', url: '/api/admin/overview' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/overview' })).statusCode).toBe(401);
  });
});
