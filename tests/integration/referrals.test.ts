/**
 * Referrals: submission with consent, merging of known prospects, the pipeline's milestone payouts
 * (once each under concurrency, reversed never below zero), hold periods, and the fraud rules.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, members, sql } from '../../server/src/db/kit.js';
import {
  complete,
  createTestApp,
  isolatedDatabase,
  ledgerMismatches,
  makeChallenge,
  signedIn,
  type TestApp,
} from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
let now = new Date();
beforeAll(async () => {
  t = await createTestApp({ clock: () => now, referralSweepMs: 3_600_000 });
  admin = await signedIn(t, { roles: ['admin'] });
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/referrals/campaigns',
    payload: { name: 'Main', isDefault: true, points: { submitted: 10, contacted: 20, qualified: 30, won: 100 } },
  });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => {
  expect(await ledgerMismatches(t.database)).toEqual([]);
  await t.close();
});

const tag = () => crypto.randomBytes(4).toString('hex');
/** An advocate at a company of its own (so the domain rule does not hit by accident). */
const advocate = () => signedIn(t, { email: `adv-${tag()}@advocate-${tag()}.test`, name: `Advocate ${tag()}` });
const prospect = (over: Record<string, unknown> = {}) => ({
  name: `Prospect ${tag()}`,
  email: `p-${tag()}@prospect-${tag()}.test`,
  company: 'Prospect Co',
  ...over,
});
function refer(
  m: Signed,
  p: Record<string, unknown> = prospect(),
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return m.as({
    method: 'POST',
    url: '/api/referrals',
    payload: { prospect: p, consent: true, ...extra },
    headers: { 'idempotency-key': crypto.randomUUID(), 'user-agent': `ua-${m.member.id}`, ...headers },
  });
}
const stage = (id: string, s: string, extra: Record<string, unknown> = {}, key = crypto.randomUUID()) =>
  admin.as({
    method: 'POST',
    url: `/api/admin/referrals/${id}/stage`,
    payload: { stage: s, ...extra },
    headers: { 'idempotency-key': key },
  });
const balanceOf = async (id: string) =>
  (await t.database.db.select({ b: members.balance, l: members.lifetime }).from(members).where(eq(members.id, id)))[0]!;
const referralEntries = async (memberId: string) =>
  (
    await t.database.db.execute<{ kind: string; delta: number; source_id: string }>(sql`
      select kind, delta, source_id from point_entries where member_id = ${memberId} and source_type = 'referral'
      order by id`)
  ).rows;

describe('submitting a referral', () => {
  it('201 with the contract’s shape; consent is recorded; the submitted milestone is paid', async () => {
    const a = await advocate();
    const res = await refer(a);
    expect(res.statusCode).toBe(201);
    const r = res.json().referral;
    expect(r).toMatchObject({ status: 'submitted', held: false, holdReasons: [], pointsPaid: 10 });
    expect(typeof r.id).toBe('string');
    const audit = await t.database.db.execute<{ data: { consentAt: string } }>(
      sql`select data from audit_log where action = 'referral.submitted' and target_id = ${r.id}`,
    );
    expect(audit.rows[0]!.data.consentAt).toBeTruthy();
    expect((await balanceOf(a.member.id)).b).toBe(10);
    const mine = await a.as({ method: 'GET', url: '/api/me/referrals' });
    expect(mine.json().referrals.map((x: { id: string }) => x.id)).toEqual([r.id]);
  });

  it('without consent: 400 validation.failed naming the consent field; nothing is stored', async () => {
    const a = await advocate();
    const res = await a.as({
      method: 'POST',
      url: '/api/referrals',
      payload: { prospect: prospect(), consent: false },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    expect(JSON.stringify(res.json().error.details)).toContain('consent');
    expect((await a.as({ method: 'GET', url: '/api/me/referrals' })).json().referrals).toEqual([]);
  });

  it('bad input answers 4xx with stable codes', async () => {
    const a = await advocate();
    const bad = await a.as({
      method: 'POST',
      url: '/api/referrals',
      payload: { prospect: { name: 'x', email: 'nope' }, consent: true },
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation.failed']);
    const noCampaign = await refer(a, prospect(), { campaignId: crypto.randomUUID() });
    expect([noCampaign.statusCode, noCampaign.json().error.code]).toEqual([404, 'referrals.campaign_not_found']);
    const missing = await stage(crypto.randomUUID(), 'contacted');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'referrals.not_found']);
    const r = (await refer(a)).json().referral;
    const badStage = await stage(r.id, 'signed');
    expect([badStage.statusCode, badStage.json().error.code]).toEqual([400, 'validation.failed']);
    const wonWithout = await stage(r.id, 'won');
    expect([wonWithout.statusCode, wonWithout.json().error.code]).toEqual([422, 'referrals.amount_required']);
    const asAdvocate = await a.as({
      method: 'POST',
      url: `/api/admin/referrals/${r.id}/stage`,
      payload: { stage: 'won' },
    });
    expect([asAdvocate.statusCode, asAdvocate.json().error.code]).toEqual([403, 'auth.forbidden']);
  });

  it('a replayed Idempotency-Key answers 200 with the first answer; the same key for another prospect is 422', async () => {
    const a = await advocate();
    const key = crypto.randomUUID();
    const p = prospect();
    const first = await refer(a, p, {}, { 'idempotency-key': key });
    const again = await refer(a, p, {}, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await refer(a, prospect(), {}, { 'idempotency-key': key });
    expect([other.statusCode, other.json().error.code]).toEqual([422, 'referrals.idempotency_key_reused']);
    expect((await referralEntries(a.member.id)).length).toBe(1);
  });

  it('a prospect already known is merged, not refused: mine again is the same referral; another advocate’s is held', async () => {
    const a = await advocate();
    const b = await advocate();
    const p = prospect({ company: undefined });
    const first = (await refer(a, p)).json().referral;
    const mineAgain = await refer(a, { ...p, email: p.email.toUpperCase(), company: 'Filled Later' });
    expect(mineAgain.statusCode).toBe(200);
    expect(mineAgain.json().referral.id).toBe(first.id);
    const theirs = await refer(b, p);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().referral).toMatchObject({ merged: true, held: true, holdReasons: ['duplicate_prospect'] });
    expect(theirs.json().referral.prospect.id).toBe(first.prospect.id);
    expect(theirs.json().referral.prospect.company).toBe('Filled Later');
  });

  it('a referral can be reassigned to another campaign; later milestones pay that campaign’s points', async () => {
    const other = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/referrals/campaigns',
        payload: { name: `Partner ${tag()}`, points: { contacted: 7 } },
      })
    ).json().campaign;
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    const moved = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${r.id}/campaign`,
      payload: { campaignId: other.id },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().referral.campaign.id).toBe(other.id);
    expect((await stage(r.id, 'contacted')).json().pointsDelta).toBe(7);
  });
});

describe('milestone payouts', () => {
  it('20 parallel advances of one milestone pay once: one earn line, balance up by exactly its points', async () => {
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    const res = await Promise.all(Array.from({ length: 20 }, () => stage(r.id, 'contacted')));
    expect(res.map((x) => x.statusCode)).toEqual(Array(20).fill(200));
    expect(res.map((x) => x.json().pointsDelta).sort((x, y) => y - x)).toEqual([20, ...Array(19).fill(0)]);
    const entries = await referralEntries(a.member.id);
    expect(entries.filter((e) => e.kind === 'earn' && e.source_id.includes(':contacted:'))).toHaveLength(1);
    expect(entries).toHaveLength(2);
    expect((await balanceOf(a.member.id)).b).toBe(30);
  });

  it('20 parallel replays of one key answer the same, and pay once', async () => {
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    const key = crypto.randomUUID();
    const res = await Promise.all(Array.from({ length: 20 }, () => stage(r.id, 'qualified', {}, key)));
    expect(new Set(res.map((x) => x.statusCode))).toEqual(new Set([200]));
    expect(new Set(res.map((x) => x.json().pointsDelta))).toEqual(new Set([50]));
    expect((await referralEntries(a.member.id)).filter((e) => e.kind === 'earn')).toHaveLength(3);
    const reused = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${(await refer(a)).json().referral.id}/stage`,
      payload: { stage: 'contacted' },
      headers: { 'idempotency-key': key },
    });
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'referrals.idempotency_key_reused']);
  });

  it('skipping ahead pays every milestone on the way; won carries its amount', async () => {
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    const won = await stage(r.id, 'won', { amount: 25_000 });
    expect(won.json()).toMatchObject({
      pointsDelta: 150,
      referral: { status: 'won', amount: 25_000, pointsPaid: 160 },
    });
  });

  it('moving back reverses exactly what was paid, as explicit ledger lines; lost keeps what was reached', async () => {
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    await stage(r.id, 'won', { amount: 1000 });
    const back = await stage(r.id, 'contacted');
    expect(back.json().pointsDelta).toBe(-130);
    const lost = await stage(r.id, 'lost');
    expect(lost.json().pointsDelta).toBe(0);
    const entries = await referralEntries(a.member.id);
    expect(
      entries
        .filter((e) => e.kind === 'reversal')
        .map((e) => e.delta)
        .sort(),
    ).toEqual([-100, -30]);
    expect((await balanceOf(a.member.id)).b).toBe(30);
    // Forward again: a new round pays again, once.
    expect((await stage(r.id, 'qualified')).json().pointsDelta).toBe(30);
    expect((await balanceOf(a.member.id)).b).toBe(60);
  });

  it('a reversal after the member spent the points never drives the balance below zero', async () => {
    const a = await advocate();
    const r = (await refer(a)).json().referral;
    await stage(r.id, 'won', { amount: 500 });
    expect((await balanceOf(a.member.id)).b).toBe(160);
    const reward = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/rewards',
        payload: { name: `Mug ${tag()}`, type: 'experience', cost: 150, stock: null, status: 'published' },
      })
    ).json().reward;
    const spent = await a.as({
      method: 'POST',
      url: `/api/rewards/${reward.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(spent.statusCode).toBe(201);
    const back = await stage(r.id, 'submitted');
    expect(back.statusCode).toBe(200);
    expect(back.json().pointsDelta).toBe(-10);
    const totals = await balanceOf(a.member.id);
    expect(totals.b).toBe(0);
    expect(totals.l).toBe(10);
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });

  it('with a hold period, points wait; the sweep pays them once when it ends; moving back first cancels them', async () => {
    const held = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/referrals/campaigns',
        payload: { name: `Held ${tag()}`, holdDays: 30, points: { submitted: 5, contacted: 15 } },
      })
    ).json().campaign;
    const a = await advocate();
    const r = (await refer(a, prospect(), { campaignId: held.id })).json().referral;
    expect(r).toMatchObject({ pointsPaid: 0, pointsPending: 5 });
    expect((await stage(r.id, 'contacted')).json()).toMatchObject({ pointsDelta: 0, referral: { pointsPending: 20 } });
    await stage(r.id, 'submitted'); // contacted's pending payout is cancelled
    const before = now;
    now = new Date(before.getTime() + 31 * 86_400_000);
    try {
      await Promise.all([t.app.referrals.payDue(), t.app.referrals.payDue()]);
      await t.app.referrals.payDue();
    } finally {
      now = before;
    }
    expect((await referralEntries(a.member.id)).map((e) => [e.kind, e.delta])).toEqual([['earn', 5]]);
    expect((await balanceOf(a.member.id)).b).toBe(5);
  });
});

describe('fraud rules', () => {
  const rules = () => admin.as({ method: 'GET', url: '/api/admin/referrals/rules' });
  const expectHeld = async (res: Awaited<ReturnType<typeof refer>>, reasons: string[]) => {
    expect(res.statusCode).toBe(201);
    expect(res.json().referral.held).toBe(reasons.length > 0);
    expect(res.json().referral.holdReasons).toEqual(reasons);
  };

  it('the rules and their thresholds are visible, with the size of the disposable list', async () => {
    const res = await rules();
    expect(res.statusCode).toBe(200);
    expect(res.json().rules).toMatchObject({
      selfReferral: { enabled: true, nameSimilarity: 0.85 },
      velocity: { enabled: true, max: 5, windowHours: 24 },
      sameDevice: { enabled: true, windowMinutes: 60 },
    });
    expect(res.json().disposableDomains).toBeGreaterThan(10_000);
  });

  it('self-referral: same email, a "+" alias and a similar name hold; a different person does not', async () => {
    const a = await advocate();
    await expectHeld(await refer(a, prospect({ email: a.member.email, name: 'Someone Else' })), [
      'self_email',
      'same_domain',
    ]);
    const b = await signedIn(t, { email: `b-${tag()}@gmail.com`, name: 'Robert Tables' });
    const [bl] = b.member.email.split('@');
    await expectHeld(await refer(b, prospect({ email: `${bl}+deals@gmail.com`, name: 'Other Person' })), [
      'self_alias',
    ]);
    await expectHeld(await refer(b, prospect({ name: 'Tables Robert' })), ['self_name']);
    await expectHeld(await refer(b, prospect({ name: 'Roberto Tables' })), ['self_name']); // 88% ≥ 85%
    await expectHeld(await refer(b, prospect({ name: 'Rob Tables' })), []); // 76% < 85%
    await expectHeld(await refer(b, prospect({ name: 'Alice Jones' })), []);
  });

  it('same domain holds, unless the domain is public webmail or allow-listed for a shared office', async () => {
    const a = await advocate();
    const domain = a.member.email.split('@')[1]!;
    await expectHeld(await refer(a, prospect({ email: `colleague-${tag()}@${domain}` })), ['same_domain']);
    const g = await signedIn(t, { email: `g-${tag()}@gmail.com`, name: `Gee ${tag()}` });
    await expectHeld(await refer(g, prospect({ email: `friend-${tag()}@gmail.com` })), []);
    const patched = await admin.as({
      method: 'PATCH',
      url: '/api/admin/referrals/rules',
      payload: { allowDomains: [domain] },
    });
    expect(patched.json().rules.allowDomains).toEqual([domain]);
    await expectHeld(await refer(a, prospect({ email: `other-${tag()}@${domain}` })), []);
    await admin.as({ method: 'PATCH', url: '/api/admin/referrals/rules', payload: { allowDomains: [] } });
  });

  it('disposable-email domains hold; an ordinary domain does not', async () => {
    const a = await advocate();
    await expectHeld(await refer(a, prospect({ email: `x-${tag()}@mailinator.com` })), ['disposable_email']);
    await expectHeld(await refer(a, prospect()), []);
  });

  it('same IP and user agent as another advocate within the window holds; outside the window it does not', async () => {
    const a = await advocate();
    const b = await advocate();
    const ua = { 'user-agent': `shared-${tag()}` };
    await expectHeld(await refer(a, prospect(), {}, ua), []);
    await expectHeld(await refer(b, prospect(), {}, ua), ['same_device']);
    await expectHeld(await refer(a, prospect(), {}, ua), ['same_device']);
    const before = now;
    now = new Date(before.getTime() + 30 * 60_000);
    try {
      const c = await advocate();
      await expectHeld(await refer(c, prospect(), {}, ua), ['same_device']); // 30 minutes after the others
      now = new Date(before.getTime() + 2 * 3_600_000);
      const d = await advocate(); // 90 minutes after c: outside the 60-minute window
      await expectHeld(await refer(d, prospect(), {}, ua), []);
    } finally {
      now = before;
    }
  });

  it('velocity: the referral past the threshold holds, the ones before it do not; the threshold is tunable', async () => {
    const a = await advocate();
    for (let i = 0; i < 5; i++) await expectHeld(await refer(a), []);
    await expectHeld(await refer(a), ['velocity']);
    await admin.as({ method: 'PATCH', url: '/api/admin/referrals/rules', payload: { velocity: { max: 10 } } });
    try {
      await expectHeld(await refer(a), []);
    } finally {
      await admin.as({ method: 'PATCH', url: '/api/admin/referrals/rules', payload: { velocity: { max: 5 } } });
    }
    const audit = await t.database.db.execute(sql`select 1 from audit_log where action = 'referral.rules_updated'`);
    expect(audit.rows.length).toBeGreaterThan(0);
  });

  it('a held referral pays nothing until released; release pays its stage, reject pays nothing; both audited', async () => {
    const a = await advocate();
    const held = (await refer(a, prospect({ email: `x-${tag()}@mailinator.com` }))).json().referral;
    expect(held.pointsPaid).toBe(0);
    expect((await stage(held.id, 'contacted')).json().pointsDelta).toBe(0);
    const list = await admin.as({ method: 'GET', url: '/api/admin/referrals?held=true&limit=500' });
    expect(list.json().referrals.map((x: { id: string }) => x.id)).toContain(held.id);
    const released = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${held.id}/review`,
      payload: { decision: 'release' },
    });
    expect(released.json()).toMatchObject({ pointsDelta: 30, referral: { review: 'released', held: false } });
    const again = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${held.id}/review`,
      payload: { decision: 'reject' },
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'referrals.not_held']);
    const other = (await refer(a, prospect({ email: `y-${tag()}@mailinator.com` }))).json().referral;
    const rejected = await admin.as({
      method: 'POST',
      url: `/api/admin/referrals/${other.id}/review`,
      payload: { decision: 'reject' },
    });
    expect(rejected.json()).toMatchObject({ pointsDelta: 0, referral: { review: 'rejected' } });
    const move = await stage(other.id, 'won', { amount: 1 });
    expect([move.statusCode, move.json().error.code]).toEqual([409, 'referrals.rejected']);
    const audit = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where target_id in (${held.id}, ${other.id}) order by id`,
    );
    expect(audit.rows.map((x) => x.action)).toEqual(
      expect.arrayContaining(['referral.held', 'referral.released', 'referral.rejected']),
    );
    expect((await balanceOf(a.member.id)).b).toBe(30);
  });
});

describe('the referral stage kind', () => {
  it('a challenge step “refer someone” creates a referral; its milestones are paid by the sweep besides the step’s points', async () => {
    const challenge = await makeChallenge(admin, {
      stages: [{ kind: 'referral', title: 'Refer a colleague', points: 25 }],
    });
    const a = await advocate();
    const p = prospect();
    const missing = await complete(a, challenge.id, { response: { prospect: p, consent: false } });
    expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'completions.invalid_response']);
    const res = await complete(a, challenge.id, { response: { prospect: p, consent: true } });
    expect(res.statusCode).toBe(201);
    expect(res.json().completion).toMatchObject({ status: 'approved', pointsAwarded: 25 });
    const mine = (await a.as({ method: 'GET', url: '/api/me/referrals' })).json().referrals;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: 'challenge', pointsPending: 10, prospect: { email: p.email } });
    await t.app.referrals.payDue();
    expect((await balanceOf(a.member.id)).b).toBe(35);
    expect((await stage(mine[0].id, 'contacted')).json().pointsDelta).toBe(20);
  });
});

describe('a personal referral link', () => {
  it('a prospect leaves their details on the landing page: a referral of the advocate, from the prospect’s address', async () => {
    const a = await advocate();
    const link = await a.as({ method: 'GET', url: '/api/me/referral-link' });
    expect(link.statusCode).toBe(200);
    const { code, url } = link.json();
    expect(url).toBe(`http://hub.test/r/${code}`);
    expect((await a.as({ method: 'GET', url: '/api/me/referral-link' })).json().code).toBe(code);
    const page = await t.app.inject({ method: 'GET', url: `/api/referral-links/${code}` });
    expect(page.json()).toMatchObject({ advocateFirstName: 'Advocate', campaign: { name: 'Main' } });
    expect(page.body).not.toContain(a.member.email);
    const p = prospect();
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/referral-links/${code}`,
      payload: { prospect: p, consent: true },
      headers: { 'user-agent': `prospect-${tag()}` },
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toEqual({ ok: true });
    const mine = (await a.as({ method: 'GET', url: '/api/me/referrals' })).json().referrals;
    expect(mine).toMatchObject([{ source: 'link', held: false, prospect: { email: p.email } }]);
    const noConsent = await t.app.inject({
      method: 'POST',
      url: `/api/referral-links/${code}`,
      payload: { prospect: prospect(), consent: false },
    });
    expect([noConsent.statusCode, noConsent.json().error.code]).toEqual([400, 'validation.failed']);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/referral-links/nope-not-a-code' });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'referrals.not_found']);
  });

  it('the advocate filling in their own landing page from their own browser is held (same device)', async () => {
    const a = await advocate();
    const ua = { 'user-agent': `own-${tag()}` };
    await refer(a, prospect(), {}, ua);
    const { code } = (await a.as({ method: 'GET', url: '/api/me/referral-link' })).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/referral-links/${code}`,
      payload: { prospect: prospect(), consent: true },
      headers: ua,
    });
    const mine = (await a.as({ method: 'GET', url: '/api/me/referrals' })).json().referrals;
    // The test clock stands still: both referrals have one time, so find the link's by its source.
    expect(mine.find((r: { source: string }) => r.source === 'link')).toMatchObject({
      held: true,
      holdReasons: ['same_device'],
    });
  });
});

describe('levels and badges from referral payouts', () => {
  it('a payout that crosses a level threshold tells the level and grants its badges, on submit and on a stage move', async () => {
    // Own database: the levels and badges made here must not reach the other tests.
    const iso = await isolatedDatabase();
    const own = await createTestApp({ database: iso.database, referralSweepMs: 3_600_000 });
    try {
      const boss = await signedIn(own, { roles: ['admin'] });
      const post = (url: string, payload: Record<string, unknown>) => boss.as({ method: 'POST', url, payload });
      expect((await post('/api/admin/levels', { name: 'Insider', threshold: 0 })).statusCode).toBe(201);
      expect((await post('/api/admin/levels', { name: 'Referrer', threshold: 25 })).statusCode).toBe(201);
      expect((await post('/api/admin/levels', { name: 'Rainmaker', threshold: 50 })).statusCode).toBe(201);
      for (const [name, rank] of [
        ['Referrer badge', 2],
        ['Rainmaker badge', 3],
      ] as const)
        expect((await post('/api/admin/badges', { name, rule: { type: 'level_reached', rank } })).statusCode).toBe(201);
      await post('/api/admin/referrals/campaigns', {
        name: 'Main',
        isDefault: true,
        points: { submitted: 30, contacted: 20, qualified: 0, won: 0 },
      });
      const a = await signedIn(own, { email: `adv-${tag()}@advocate-${tag()}.test` });
      const badgesOf = async () =>
        ((await a.as({ method: 'GET', url: '/api/me' })).json().badges as { name: string }[]).map((b) => b.name).sort();

      const res = await a.as({
        method: 'POST',
        url: '/api/referrals',
        payload: { prospect: prospect(), consent: true },
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(res.statusCode).toBe(201);
      expect((await a.as({ method: 'GET', url: '/api/me' })).json().level.name).toBe('Referrer');
      expect(await badgesOf()).toEqual(['Referrer badge']);

      const moved = await boss.as({
        method: 'POST',
        url: `/api/admin/referrals/${res.json().referral.id}/stage`,
        payload: { stage: 'contacted' },
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      expect(moved.statusCode).toBe(200);
      expect((await a.as({ method: 'GET', url: '/api/me' })).json().level.name).toBe('Rainmaker');
      expect(await badgesOf()).toEqual(['Rainmaker badge', 'Referrer badge']);

      await own.app.outbox.drain();
      const titles = (await a.as({ method: 'GET', url: '/api/me/notifications' }))
        .json()
        .notifications.map((n: { title: string }) => n.title);
      expect(titles).toEqual(expect.arrayContaining(['You reached Referrer!', 'You reached Rainmaker!']));
      expect(await ledgerMismatches(iso.database)).toEqual([]);
    } finally {
      await own.close().catch(() => {});
      await iso.drop();
    }
  });
});
