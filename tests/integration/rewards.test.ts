import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, members, sql } from '../../server/src/db/kit.js';
import { createTestApp, isolatedDatabase, ledgerMismatches, makeReward, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

const tag = () => crypto.randomBytes(3).toString('hex');
const newReward = (body: Record<string, unknown> = {}) => makeReward(admin, body);
async function fund(m: Signed, points: number) {
  const r = await admin.as({
    method: 'POST',
    url: `/api/admin/members/${m.member.id}/adjustments`,
    payload: { points, reason: 'Test funding' },
  });
  expect(r.statusCode).toBe(201);
}
function redeem(
  m: Signed,
  rewardId: string,
  payload: Record<string, unknown> = {},
  key: string | null = crypto.randomUUID(),
) {
  return m.as({
    method: 'POST',
    url: `/api/rewards/${rewardId}/redemptions`,
    payload,
    headers: key ? { 'idempotency-key': key } : {},
  });
}
const balanceOf = async (id: string) =>
  (await t.database.db.select({ b: members.balance }).from(members).where(eq(members.id, id)))[0]!.b;
const stockOf = async (id: string) =>
  (await admin.as({ method: 'GET', url: `/api/admin/rewards/${id}` })).json().reward.stock as number | null;
const decide = (id: string, decision: string, note?: string) =>
  admin.as({ method: 'POST', url: `/api/admin/redemptions/${id}`, payload: { decision, ...(note ? { note } : {}) } });
const SHIP = { name: 'Ada Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'UK' };

describe('redemptions under concurrency', () => {
  it('stock 5, 50 parallel funded redemptions: exactly 5 succeed, stock ends at 0, debits = 5 × cost — 20 rounds', async () => {
    const people = await Promise.all(Array.from({ length: 50 }, () => signedIn(t)));
    await Promise.all(people.map((p) => fund(p, 10_000)));
    const wins = new Map<string, number>();
    for (let round = 0; round < 20; round++) {
      const reward = await newReward({ cost: 40, stock: 5 });
      const res = await Promise.all(people.map((p) => redeem(p, reward.id)));
      const ok = res.filter((r) => r.statusCode === 201);
      expect(ok).toHaveLength(5);
      for (const r of res.filter((x) => x.statusCode !== 201)) {
        expect(r.statusCode).toBe(409);
        expect(r.json().error.code).toBe('rewards.out_of_stock');
      }
      expect(await stockOf(reward.id)).toBe(0);
      const debits = await t.database.db.execute<{ n: number; s: number }>(sql`
        select count(*)::int as n, coalesce(-sum(p.delta), 0)::int as s from point_entries p
        join redemptions r on r.id::text = p.source_id where p.kind = 'redeem' and r.reward_id = ${reward.id}`);
      expect(debits.rows[0]).toEqual({ n: 5, s: 200 });
      res.forEach((r, i) => {
        if (r.statusCode === 201) wins.set(people[i]!.member.id, (wins.get(people[i]!.member.id) ?? 0) + 1);
      });
    }
    for (const p of people) expect(await balanceOf(p.member.id)).toBe(10_000 - 40 * (wins.get(p.member.id) ?? 0));
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });

  it('a 10-code pool and 30 parallel redemptions: 10 distinct codes issued, none twice', async () => {
    const reward = await newReward({ type: 'code', cost: 10, stock: null });
    const codes = Array.from({ length: 10 }, (_, i) => `GIFT-${tag()}-${i}`);
    const up = await admin.as({
      method: 'POST',
      url: `/api/admin/rewards/${reward.id}/codes`,
      payload: { csv: ['code', ...codes].join('\n') },
    });
    expect(up.json()).toMatchObject({ added: 10, duplicates: 0, remaining: 10, total: 10 });
    const people = await Promise.all(Array.from({ length: 30 }, () => signedIn(t)));
    await Promise.all(people.map((p) => fund(p, 50)));
    const res = await Promise.all(people.map((p) => redeem(p, reward.id)));
    const ok = res.filter((r) => r.statusCode === 201).map((r) => r.json().redemption);
    expect(ok).toHaveLength(10);
    const issued = ok.map((r) => r.code as string);
    expect(new Set(issued).size).toBe(10);
    expect(issued.sort()).toEqual([...codes].sort());
    expect(ok.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(res.filter((r) => r.statusCode === 409)).toHaveLength(20);
    const twice = await t.database.db.execute(
      sql`select code from reward_codes where reward_id = ${reward.id} group by code having count(redemption_id) > 1`,
    );
    expect(twice.rows).toEqual([]);
    expect(await stockOf(reward.id)).toBe(0);
  });

  it('a balance that covers exactly one redemption: of 10 parallel redemptions of different rewards, exactly one succeeds', async () => {
    const m = await signedIn(t);
    await fund(m, 100);
    const rewards = await Promise.all(Array.from({ length: 10 }, () => newReward({ cost: 100, stock: 3 })));
    const res = await Promise.all(rewards.map((w) => redeem(m, w.id)));
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of res.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(422);
      expect(r.json().error.code).toBe('rewards.insufficient_points');
    }
    expect(await balanceOf(m.member.id)).toBe(0);
    const stocks = await Promise.all(rewards.map((w) => stockOf(w.id)));
    expect(stocks.filter((s) => s === 2)).toHaveLength(1);
    expect(stocks.filter((s) => s === 3)).toHaveLength(9);
  });

  it('a decline submitted twice at once refunds exactly once; stock comes back once', async () => {
    const m = await signedIn(t);
    await fund(m, 500);
    const reward = await newReward({ cost: 200, stock: 4, needsApproval: true });
    const r = await redeem(m, reward.id);
    expect(r.statusCode).toBe(201);
    const id = r.json().redemption.id;
    expect(r.json().redemption.status).toBe('requested');
    expect(await balanceOf(m.member.id)).toBe(300);
    const both = await Promise.all([decide(id, 'decline', 'Out of season'), decide(id, 'decline', 'Out of season')]);
    expect(both.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(both.find((x) => x.statusCode === 409)!.json().error.code).toBe('redemptions.invalid_transition');
    expect(await balanceOf(m.member.id)).toBe(500);
    expect(await stockOf(reward.id)).toBe(4);
    const refunds = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from point_entries where kind = 'refund' and source_id = ${id}`,
    );
    expect(refunds.rows[0]!.n).toBe(1);
    const mine = (await m.as({ method: 'GET', url: '/api/me/redemptions' })).json().redemptions[0];
    expect(mine).toMatchObject({ id, status: 'declined', adminNote: 'Out of season', refunded: true });
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });

  it('the same Idempotency-Key ten times at once debits once and answers with the same redemption', async () => {
    const m = await signedIn(t);
    await fund(m, 1000);
    const reward = await newReward({ cost: 50 });
    const key = crypto.randomUUID();
    const res = await Promise.all(Array.from({ length: 10 }, () => redeem(m, reward.id, {}, key)));
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(res.filter((r) => r.statusCode === 200)).toHaveLength(9);
    expect(new Set(res.map((r) => r.json().redemption.id)).size).toBe(1);
    expect(await balanceOf(m.member.id)).toBe(950);
    const other = await newReward({ cost: 50 });
    const reused = await redeem(m, other.id, {}, key);
    expect([reused.statusCode, reused.json().error.code]).toEqual([422, 'rewards.idempotency_key_reused']);
  });

  it('a replayed Idempotency-Key answers with the first answer, whatever happened to the redemption and balance since', async () => {
    const m = await signedIn(t, { trusted: false });
    await fund(m, 1000);
    const reward = await newReward({ cost: 100 });
    const key = crypto.randomUUID();
    const first = await redeem(m, reward.id, { note: 'Blue, please' }, key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ redemption: { status: 'requested', note: 'Blue, please' }, balance: 900 });
    expect((await decide(first.json().redemption.id, 'approve', 'On its way')).statusCode).toBe(200);
    await fund(m, 50);
    const replay = await redeem(m, reward.id, { note: 'Blue, please' }, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    expect(await balanceOf(m.member.id)).toBe(950);
  });
});

describe('rewards rules', () => {
  it('refuses with a clear reason: not enough points (422), out of stock and limits (409), level (422)', async () => {
    const m = await signedIn(t);
    await fund(m, 300);
    const dear = await newReward({ cost: 1000 });
    const r1 = await redeem(m, dear.id);
    expect([r1.statusCode, r1.json().error.code]).toEqual([422, 'rewards.insufficient_points']);
    expect(r1.json().error.message).toContain('700 more points');

    const once = await newReward({ cost: 10, limitPerMember: 1 });
    expect((await redeem(m, once.id)).statusCode).toBe(201);
    const r2 = await redeem(m, once.id);
    expect([r2.statusCode, r2.json().error.code]).toEqual([409, 'rewards.limit_reached']);

    const weekly = await newReward({ cost: 10, limitPerPeriod: 1, limitPeriod: 'week' });
    expect((await redeem(m, weekly.id)).statusCode).toBe(201);
    const r3 = await redeem(m, weekly.id);
    expect([r3.statusCode, r3.json().error.code]).toEqual([409, 'rewards.period_limit_reached']);
    expect(new Date(r3.json().error.details.availableAgainAt).getTime()).toBeGreaterThan(Date.now());

    const gone = await newReward({ cost: 10, stock: 0 });
    const r4 = await redeem(m, gone.id);
    expect([r4.statusCode, r4.json().error.code]).toEqual([409, 'rewards.out_of_stock']);

    const vip = await newReward({ cost: 10, minLevelRank: 99 });
    const r5 = await redeem(m, vip.id);
    expect([r5.statusCode, r5.json().error.code]).toEqual([422, 'rewards.locked']);

    const catalog = (await m.as({ method: 'GET', url: '/api/rewards' })).json();
    const byId = (id: string) => catalog.rewards.find((w: { id: string }) => w.id === id);
    expect(byId(dear.id)).toMatchObject({
      affordable: false,
      pointsToGo: 1000 - catalog.balance,
      blocked: 'insufficient_points',
    });
    expect(byId(once.id)).toMatchObject({ blocked: 'limit_reached', myRedemptions: 1 });
    expect(byId(weekly.id).blocked).toBe('period_limit_reached');
    expect(byId(gone.id).blocked).toBe('out_of_stock');
    expect(byId(vip.id).blocked).toBe('locked');
    expect(await balanceOf(m.member.id)).toBe(280);
  });

  it('untrusted members always need approval; trusted ones get approved or fulfilled at once', async () => {
    const reward = await newReward({ cost: 10 });
    const stranger = await signedIn(t, { trusted: false });
    const friend = await signedIn(t);
    await Promise.all([fund(stranger, 100), fund(friend, 100)]);
    const a = (await redeem(stranger, reward.id)).json().redemption;
    const b = (await redeem(friend, reward.id)).json().redemption;
    expect(a.status).toBe('requested');
    expect(b.status).toBe('approved');
    const view = (await stranger.as({ method: 'GET', url: `/api/rewards/${reward.id}` })).json().reward;
    expect(view.needsApproval).toBe(true);
    // The stranger may cancel while it waits: points come back.
    const c = await stranger.as({ method: 'POST', url: `/api/me/redemptions/${a.id}/cancel` });
    expect(c.json().redemption).toMatchObject({ status: 'cancelled', refunded: true });
    expect(await balanceOf(stranger.member.id)).toBe(100);
    const again = await friend.as({ method: 'POST', url: `/api/me/redemptions/${b.id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('shipped items need an address, the admin sees it until fulfilment, then it is erased; the member is notified', async () => {
    const m = await signedIn(t);
    await fund(m, 100);
    const hoodie = await newReward({ type: 'item', cost: 60, stock: 10, needsApproval: true });
    const bad = await redeem(m, hoodie.id);
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'rewards.shipping_required']);
    const half = await redeem(m, hoodie.id, { shipping: { name: 'Ada', city: 'London' } });
    expect(half.statusCode).toBe(400);
    expect(JSON.stringify(half.json().error.details.fields)).toContain('line1');
    const junk = await m.as({ method: 'POST', url: '/api/rewards/not-a-uuid/redemptions', payload: {} });
    expect(junk.statusCode).toBe(400);
    expect(await balanceOf(m.member.id)).toBe(100); // refusals take nothing
    const ok = await redeem(m, hoodie.id, { shipping: SHIP, note: 'Size M please' });
    const id = ok.json().redemption.id;
    const seen = (await admin.as({ method: 'GET', url: `/api/admin/redemptions/${id}` })).json().redemption;
    expect(seen.shipping).toMatchObject(SHIP);
    expect((await decide(id, 'approve')).json().redemption.status).toBe('approved');
    const done = (await decide(id, 'fulfil', 'Shipped with DHL 123')).json().redemption;
    expect(done).toMatchObject({
      status: 'fulfilled',
      shipping: null,
      adminNote: 'Shipped with DHL 123',
      hasShipping: true,
    });
    expect((await decide(id, 'decline')).statusCode).toBe(409);
    await t.app.outbox.drain();
    const notes = (await m.as({ method: 'GET', url: '/api/me/notifications' }))
      .json()
      .notifications.map((n: { title: string }) => n.title);
    expect(notes).toEqual(
      expect.arrayContaining([
        `Redemption received: ${hoodie.name}`,
        `Approved: ${hoodie.name}`,
        `Delivered: ${hoodie.name}`,
      ]),
    );
  });

  it('visibility by segment hides a reward from others', async () => {
    const company = `Hooli-${tag()}`;
    const seg = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/segments',
        payload: { name: `Only ${company}`, rule: { conditions: [{ field: 'company', op: 'is', values: [company] }] } },
      })
    ).json().segment;
    const reward = await newReward({ cost: 1, visibility: { includeSegmentIds: [seg.id] } });
    const insider = await signedIn(t, { company });
    const outsider = await signedIn(t);
    const list = async (m: Signed) =>
      (await m.as({ method: 'GET', url: '/api/rewards' })).json().rewards.map((w: { id: string }) => w.id);
    expect(await list(insider)).toContain(reward.id);
    expect(await list(outsider)).not.toContain(reward.id);
    expect((await redeem(outsider, reward.id)).statusCode).toBe(404);
  });
});

describe('rewards admin', () => {
  it('code pools from CSV skip duplicates; only code rewards have pools; code stock cannot be set by hand', async () => {
    const reward = await newReward({ type: 'code', cost: 5, stock: null });
    const up = (csv: string) =>
      admin.as({ method: 'POST', url: `/api/admin/rewards/${reward.id}/codes`, payload: { csv } });
    expect((await up('code\nA-1\nB-2\nA-1\n\n')).json()).toMatchObject({ added: 2, duplicates: 1, remaining: 2 });
    expect((await up('B-2\nC-3')).json()).toMatchObject({ added: 1, duplicates: 1, remaining: 3, total: 3 });
    expect(await stockOf(reward.id)).toBe(3);
    const empty = await up('\n\n');
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'rewards.bad_csv']);
    const item = await newReward({ type: 'item', cost: 5, stock: 3 });
    const wrong = await admin.as({ method: 'POST', url: `/api/admin/rewards/${item.id}/codes`, payload: { csv: 'X' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, 'rewards.not_a_code_reward']);
    const hand = await admin.as({ method: 'PATCH', url: `/api/admin/rewards/${reward.id}`, payload: { stock: 99 } });
    expect(hand.statusCode).toBe(422);
    const noAdmin = await (await signedIn(t)).as({ method: 'GET', url: '/api/admin/rewards' });
    expect(noAdmin.statusCode).toBe(403);
  });

  it('the queue: bulk approve and a formula-safe CSV export', async () => {
    const reward = await newReward({ cost: 25, needsApproval: true, name: `Mug ${tag()}` });
    const people = await Promise.all([0, 1, 2].map(() => signedIn(t, { name: '=HYPERLINK("x")' })));
    await Promise.all(people.map((p) => fund(p, 25)));
    const ids = (await Promise.all(people.map((p) => redeem(p, reward.id)))).map((r) => r.json().redemption.id);
    const queue = (
      await admin.as({ method: 'GET', url: `/api/admin/redemptions?status=requested&rewardId=${reward.id}` })
    ).json();
    const queued = queue.redemptions as { id: string; createdAt: string }[];
    expect(queued.map((r) => r.id).sort()).toEqual([...ids].sort());
    // Waiting redemptions come oldest first.
    expect(queued.map((r) => r.createdAt)).toEqual(queued.map((r) => r.createdAt).sort());
    expect(queue.counts.requested).toBe(3);
    const bulk = await admin.as({
      method: 'POST',
      url: '/api/admin/redemptions/bulk',
      payload: { ids: [...ids, ids[0]], decision: 'approve' },
    });
    expect(bulk.json().results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true]);
    const csv = await admin.as({ method: 'GET', url: `/api/admin/redemptions/export?rewardId=${reward.id}` });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toContain('member_email');
    expect(lines).toHaveLength(4);
    expect(csv.body).toContain(`'=HYPERLINK`);
    expect(csv.body).not.toMatch(/,=HYPERLINK/);
  });
});

describe('reward liability', () => {
  it('values outstanding and committed points at the program’s point value', async () => {
    const iso = await isolatedDatabase();
    const app = await createTestApp({ database: iso.database });
    try {
      const boss = await signedIn(app, { roles: ['admin'] });
      const [a, b] = await Promise.all([signedIn(app), signedIn(app)]);
      const suspended = await signedIn(app);
      for (const [m, pts] of [
        [a, 1000],
        [b, 250],
        [suspended, 5000],
      ] as const)
        await boss.as({
          method: 'POST',
          url: `/api/admin/members/${m.member.id}/adjustments`,
          payload: { points: pts, reason: 'Opening balance' },
        });
      await boss.as({
        method: 'POST',
        url: `/api/admin/members/${suspended.member.id}/suspend`,
        payload: { reason: 'x' },
      });
      const reward = (
        await boss.as({
          method: 'POST',
          url: '/api/admin/rewards',
          payload: {
            name: 'Seat',
            type: 'experience',
            cost: 200,
            stock: null,
            status: 'published',
            needsApproval: true,
          },
        })
      ).json().reward;
      await a.as({ method: 'POST', url: `/api/rewards/${reward.id}/redemptions`, payload: {} });
      const patch = await boss.as({
        method: 'PATCH',
        url: '/api/admin/program',
        payload: { pointValue: 0.05, currency: 'EUR' },
      });
      expect(patch.json().program).toMatchObject({ pointValue: 0.05, currency: 'EUR' });
      const l = (await boss.as({ method: 'GET', url: '/api/admin/rewards/liability' })).json();
      expect(l).toEqual({
        pointsOutstanding: 800 + 250,
        pointsCommitted: 200,
        pointValue: 0.05,
        currency: 'EUR',
        liability: 52.5,
        committed: 10,
      });
    } finally {
      await app.app.close();
      await iso.drop();
    }
  });
});
