/**
 * The reference desk through the API: profiles, requests (a requester sees only their own), matches
 * ranked by fit and fatigue, asks under the fatigue caps (in parallel too), the advocate's answer,
 * scheduling, confirmation by both sides and points paid once.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { complete, createTestApp, isolatedDatabase, makeChallenge, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Signed;
let seller: Signed;
let otherSeller: Signed;

const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
const profile = (over: Record<string, unknown> = {}) => ({
  optedIn: true,
  products: ['Analytics'],
  industry: 'Retail',
  region: 'EMEA',
  companySize: '201-1000',
  activities: ['call', 'case_study'],
  languages: ['English'],
  blackouts: [],
  note: null,
  ...over,
});
const requestBody = (over: Record<string, unknown> = {}) => ({
  opportunity: `Deal ${crypto.randomBytes(3).toString('hex')}`,
  prospectCompany: 'Prospect Ltd',
  amount: 50_000,
  product: 'Analytics',
  industry: 'Retail',
  region: 'EMEA',
  companySize: '201-1000',
  language: null,
  activity: 'call',
  dueAt: due,
  notes: null,
  ...over,
});

async function advocate(company: string, p: Record<string, unknown> = {}) {
  const a = await signedIn(t, { company });
  const res = await a.as({ method: 'PUT', url: '/api/me/reference-profile', payload: profile(p) });
  expect(res.statusCode, res.body).toBe(200);
  return a;
}
async function newRequest(by: Signed, over: Record<string, unknown> = {}) {
  const res = await by.as({ method: 'POST', url: '/api/reference-requests', payload: requestBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().request as { id: string };
}
const ask = (by: Signed, requestId: string, memberId: string) =>
  by.as({
    method: 'POST',
    url: `/api/reference-requests/${requestId}/asks`,
    payload: { memberId, message: 'Thanks!' },
  });
const setCaps = (settings: Record<string, unknown>) =>
  admin.as({ method: 'PATCH', url: '/api/admin/references/settings', payload: settings });

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'] });
  seller = await signedIn(t, { roles: ['requester'] });
  otherSeller = await signedIn(t, { roles: ['requester'] });
});
afterAll(async () => {
  await t.close();
  await iso.drop();
});

describe('reference profile', () => {
  it('starts from the member profile, saves, and refuses nonsense with field errors', async () => {
    const a = await signedIn(t, { company: 'Acme Corp' });
    const first = await a.as({ method: 'GET', url: '/api/me/reference-profile' });
    expect(first.json().profile).toMatchObject({ optedIn: false, account: 'acme corp', updatedAt: null });
    const saved = await a.as({ method: 'PUT', url: '/api/me/reference-profile', payload: profile() });
    expect(saved.json().profile).toMatchObject({ optedIn: true, activities: ['call', 'case_study'] });
    const bad = await a.as({
      method: 'PUT',
      url: '/api/me/reference-profile',
      payload: profile({ activities: ['karaoke'], blackouts: [{ from: '2027-02-01', to: '2027-01-01' }] }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
  });

  it('is for advocates: a requester is refused before validation', async () => {
    const res = await seller.as({ method: 'PUT', url: '/api/me/reference-profile', payload: {} });
    expect(res.statusCode).toBe(403);
  });
});

describe('requests and matches', () => {
  it('a requester sees their own requests only; an admin sees all', async () => {
    const mine = await newRequest(seller);
    expect((await otherSeller.as({ method: 'GET', url: `/api/reference-requests/${mine.id}` })).statusCode).toBe(404);
    expect(
      (await otherSeller.as({ method: 'GET', url: `/api/reference-requests/${mine.id}/matches` })).statusCode,
    ).toBe(404);
    const list = await otherSeller.as({ method: 'GET', url: '/api/reference-requests' });
    expect(list.json().requests.map((r: { id: string }) => r.id)).not.toContain(mine.id);
    const all = await admin.as({ method: 'GET', url: '/api/reference-requests' });
    expect(all.json().requests.map((r: { id: string }) => r.id)).toContain(mine.id);
  });

  it('ranks by fit, leaves out who did not opt in or accept the activity, and flags blackouts', async () => {
    const product = `P-${crypto.randomBytes(3).toString('hex')}`;
    const best = await advocate('Best Co', { products: [product] });
    const partial = await advocate('Partial Co', { products: [product], industry: 'Banking', region: 'APAC' });
    const away = await advocate('Away Co', { products: [product], blackouts: [{ from: due, to: due }] });
    const noCalls = await advocate('Quiet Co', { products: [product], activities: ['case_study'] });
    const out = await advocate('Out Co', { products: [product], optedIn: false });
    const r = await newRequest(seller, { product });
    const res = await seller.as({ method: 'GET', url: `/api/reference-requests/${r.id}/matches` });
    expect(res.statusCode).toBe(200);
    const matches = res.json().matches as { member: { id: string }; fit: number; blackedOut: boolean }[];
    const ids = matches.map((m) => m.member.id);
    expect(ids).not.toContain(noCalls.member.id);
    expect(ids).not.toContain(out.member.id);
    const pos = (s: Signed) => ids.indexOf(s.member.id);
    expect(pos(best)).toBeGreaterThanOrEqual(0);
    expect(pos(best)).toBeLessThan(pos(partial));
    // Blacked out on the due date: ranked after everyone who can be asked, whatever the fit.
    expect(matches[pos(away)]!.blackedOut).toBe(true);
    expect(pos(away)).toBeGreaterThan(pos(partial));
    expect(matches[pos(best)]!.fit).toBe(4 + 3 + 2 + 1);
    expect(matches[pos(partial)]!.fit).toBe(4 + 1);
    expect((await ask(admin, r.id, away.member.id)).json().error.code).toBe('references.blacked_out');
    expect((await ask(admin, r.id, noCalls.member.id)).json().error.code).toBe('references.not_referenceable');
  });
});

describe('asks', () => {
  it('only an admin sends unless requesters may; one ask per person per request', async () => {
    const a = await advocate('Single Co');
    const r = await newRequest(seller);
    const refused = await ask(seller, r.id, a.member.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('references.send_not_allowed');
    const canAsk = async (who: Signed) =>
      (await who.as({ method: 'GET', url: `/api/reference-requests/${r.id}` })).json().request.canAsk;
    expect([await canAsk(seller), await canAsk(admin)]).toEqual([false, true]);
    expect((await setCaps({ requestersMaySend: true })).statusCode).toBe(200);
    try {
      expect(await canAsk(seller)).toBe(true);
      expect((await ask(seller, r.id, a.member.id)).statusCode).toBe(201);
      const again = await ask(seller, r.id, a.member.id);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('references.already_asked');
      expect((await ask(otherSeller, r.id, a.member.id)).statusCode).toBe(404);
    } finally {
      await setCaps({ requestersMaySend: false });
    }
  });

  it('accept, schedule, confirmed by both sides: points once, request fulfilled, the person rests', async () => {
    const a = await advocate('Flow Co');
    const r = await newRequest(seller);
    const sent = await ask(admin, r.id, a.member.id);
    expect(sent.statusCode, sent.body).toBe(201);
    const askId = sent.json().ask.id as string;
    const mine = await a.as({ method: 'GET', url: '/api/me/asks' });
    expect(mine.json().asks[0]).toMatchObject({ id: askId, status: 'sent', points: 150 });
    const slot = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const past = await a.as({
      method: 'POST',
      url: `/api/me/asks/${askId}`,
      payload: { decision: 'accept', slots: [new Date(Date.now() - 60_000).toISOString()] },
    });
    expect(past.json().error.code).toBe('references.slot_in_past');
    const accepted = await a.as({
      method: 'POST',
      url: `/api/me/asks/${askId}`,
      payload: { decision: 'accept', slots: [slot] },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().ask.status).toBe('accepted');
    const early = await a.as({
      method: 'POST',
      url: `/api/reference-asks/${askId}/confirm`,
      payload: { happened: true },
    });
    expect(early.json().error.code).toBe('references.not_scheduled');
    const wrong = await seller.as({
      method: 'POST',
      url: `/api/reference-asks/${askId}/schedule`,
      payload: { slot: new Date(Date.now() + 4 * 86_400_000).toISOString() },
    });
    expect(wrong.json().error.code).toBe('references.slot_not_offered');
    const scheduled = await seller.as({
      method: 'POST',
      url: `/api/reference-asks/${askId}/schedule`,
      payload: { slot },
    });
    expect(scheduled.json().ask).toMatchObject({ status: 'scheduled', scheduledAt: slot });
    // Both sides confirm, in parallel and twice each: completed once, paid once.
    const confirms = await Promise.all(
      [a, seller, a, seller].map((who) =>
        who.as({ method: 'POST', url: `/api/reference-asks/${askId}/confirm`, payload: { happened: true } }),
      ),
    );
    expect(confirms.filter((c) => c.statusCode === 200).length).toBeGreaterThanOrEqual(2);
    const done = await seller.as({ method: 'GET', url: `/api/reference-requests/${r.id}` });
    expect(done.json().request.status).toBe('fulfilled');
    expect(done.json().request.asks[0].status).toBe('completed');
    const paid = await iso.database.db.execute<{ n: number; sum: number }>(
      sql`select count(*)::int as n, coalesce(sum(delta), 0)::int as sum from point_entries
          where member_id = ${a.member.id} and source_type = 'reference_ask'`,
    );
    expect(paid.rows[0]).toEqual({ n: 1, sum: 150 });
    const me = await a.as({ method: 'GET', url: '/api/me' });
    expect(me.json().balance).toBe(150);
    // Resting after the call: the next ask is held back, with when it lifts.
    const next = await ask(admin, (await newRequest(seller)).id, a.member.id);
    expect(next.statusCode).toBe(409);
    expect(next.json().error).toMatchObject({ code: 'references.fatigue_cap', details: { blockedBy: 'rest_days' } });
  });

  it('the advocate hears of an ask unless they turned reference notifications off', async () => {
    const on = await advocate('Heard Co');
    const off = await advocate('Quiet Prefs Co');
    const prefs = await off.as({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      payload: { topics: { references: { inApp: false } } },
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    const r = await newRequest(seller);
    for (const who of [on, off]) expect((await ask(admin, r.id, who.member.id)).statusCode).toBe(201);
    await t.app.outbox.drain();
    const kinds = async (who: Signed) =>
      ((await who.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications as { kind: string }[]).map(
        (n) => n.kind,
      );
    expect(await kinds(on)).toContain('reference.asked');
    expect(await kinds(off)).not.toContain('reference.asked');
  });

  it('a decline keeps its reason for the metrics', async () => {
    const a = await advocate('Decline Co');
    const r = await newRequest(seller);
    const askId = (await ask(admin, r.id, a.member.id)).json().ask.id;
    const res = await a.as({
      method: 'POST',
      url: `/api/me/asks/${askId}`,
      payload: { decision: 'decline', reason: 'too_busy', note: 'Quarter end' },
    });
    expect(res.json().ask).toMatchObject({ status: 'declined', declineReason: 'too_busy', declineNote: 'Quarter end' });
    const twice = await a.as({
      method: 'POST',
      url: `/api/me/asks/${askId}`,
      payload: { decision: 'accept', slots: [due + 'T10:00:00Z'] },
    });
    expect(twice.json().error.code).toBe('references.ask_answered');
  });
});

describe('one fatigue ledger across every kind of ask', () => {
  it('an approved review counts against the person like a reference ask', async () => {
    const a = await advocate('Reviewer Co');
    const c = await makeChallenge(admin, {
      stages: [{ kind: 'review', title: 'Review us', points: 20, config: { site: 'G2', url: 'https://g2.example/x' } }],
    });
    const sent = await complete(a, c.id, { response: { proofUrl: 'https://g2.example/r/9' } });
    expect(sent.statusCode, sent.body).toBe(201);
    const r = await newRequest(seller);
    const before = await admin.as({ method: 'GET', url: `/api/reference-requests/${r.id}/matches` });
    const mine = (x: { json(): { matches: { member: { id: string } }[] } }) =>
      x.json().matches.find((m) => m.member.id === a.member.id) as unknown as { fatigue: { asksInPeriod: number } };
    expect(mine(before).fatigue.asksInPeriod).toBe(0);
    const ok = await admin.as({
      method: 'POST',
      url: `/api/admin/reviews/${sent.json().completion.id}`,
      payload: { decision: 'approve' },
    });
    expect(ok.statusCode).toBe(200);
    const after = await admin.as({ method: 'GET', url: `/api/reference-requests/${r.id}/matches` });
    expect(mine(after).fatigue.asksInPeriod).toBe(1);
  });

  it('a referral made counts too', async () => {
    const a = await advocate('Referrer Co');
    const campaign = await admin.as({
      method: 'POST',
      url: '/api/admin/referrals/campaigns',
      payload: { name: 'Desk', isDefault: true, points: { submitted: 10 } },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const referred = await a.as({
      method: 'POST',
      url: '/api/referrals',
      headers: { 'idempotency-key': crypto.randomUUID() },
      payload: {
        prospect: { name: 'Pat Prospect', email: `pat-${crypto.randomBytes(3).toString('hex')}@prospect.example` },
        consent: true,
      },
    });
    expect(referred.statusCode, referred.body).toBe(201);
    const r = await newRequest(seller);
    const res = await admin.as({ method: 'GET', url: `/api/reference-requests/${r.id}/matches` });
    const me = res.json().matches.find((m: { member: { id: string } }) => m.member.id === a.member.id);
    expect(me.fatigue.asksInPeriod).toBe(1);
  });
});

describe('fatigue caps under parallel asks', () => {
  it('never passes a cap, whatever the interleaving (property)', async () => {
    await setCaps({ personAsksPerPeriod: 2, personCallsPerPeriod: 2, accountAsksPerPeriod: 3, restDaysAfterCall: 0 });
    try {
      await fc.assert(
        fc.asyncProperty(
          // Asks as (person, request) pairs among 4 people of 2 companies and 5 requests, fired at once.
          fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), {
            minLength: 1,
            maxLength: 16,
          }),
          async (pairs) => {
            const tag = crypto.randomBytes(4).toString('hex');
            const people = await Promise.all([0, 1, 2, 3].map((i) => advocate(`Co ${tag} ${i % 2}`)));
            const requests = await Promise.all([0, 1, 2, 3, 4].map(() => newRequest(seller)));
            const results = await Promise.all(pairs.map(([p, r]) => ask(admin, requests[r]!.id, people[p]!.member.id)));
            for (const res of results) expect([201, 409]).toContain(res.statusCode);
            const ok = pairs.filter((_, i) => results[i]!.statusCode === 201);
            const perPerson = (p: number) => ok.filter(([x]) => x === p).length;
            const perAccount = (c: number) => ok.filter(([x]) => x % 2 === c).length;
            for (const p of [0, 1, 2, 3]) expect(perPerson(p)).toBeLessThanOrEqual(2);
            for (const c of [0, 1]) expect(perAccount(c)).toBeLessThanOrEqual(3);
            // Nothing refused for nothing: every refusal names a cap that is full, or a repeated ask.
            pairs.forEach(([p, r], i) => {
              if (results[i]!.statusCode === 201) return;
              const e = results[i]!.json().error;
              const repeated = ok.some(([x, y]) => x === p && y === r);
              const full = perPerson(p) === 2 || perAccount(p % 2) === 3;
              expect(repeated || full, JSON.stringify(e)).toBe(true);
            });
            const ledger = await iso.database.db.execute<{ n: number }>(
              sql`select count(*)::int as n from ask_ledger l join reference_asks a on a.id::text = l.source_id
                  where a.request_id = any(${`{${requests.map((r) => r.id).join(',')}}`}::uuid[])`,
            );
            expect(ledger.rows[0]!.n).toBe(ok.length);
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      await setCaps({
        personAsksPerPeriod: 4,
        personCallsPerPeriod: 2,
        accountAsksPerPeriod: 6,
        restDaysAfterCall: 14,
      });
    }
  });
});
