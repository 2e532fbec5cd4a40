import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, members, sql } from '../../server/src/db/kit.js';
import {
  complete,
  createTestApp,
  makeChallenge,
  makeReward,
  outageAfterCommit,
  signedIn,
  type TestApp,
} from './helpers.js';

// Nothing that can fail may run between a commit and the answer that reports it: when PostgreSQL
// drops right after a commit, the caller still learns that the command happened.
type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
let outage: ReturnType<typeof outageAfterCommit>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
  outage = outageAfterCommit(t.database);
});
afterAll(async () => {
  await t.close();
});

/** Runs one request with the database dropping right after the request's commit. */
async function droppingAfterCommit<T>(request: () => Promise<T>): Promise<T> {
  await t.app.outbox.drain(); // no delivery of an earlier event may commit first
  outage.arm();
  try {
    return await request();
  } finally {
    outage.restore();
  }
}

const adjust = (memberId: string, points: number, key = crypto.randomUUID()) =>
  admin.as({
    method: 'POST',
    url: `/api/admin/members/${memberId}/adjustments`,
    payload: { points, reason: 'Conference talk' },
    headers: { 'idempotency-key': key },
  });
const balanceOf = async (id: string) =>
  (await t.database.db.select({ b: members.balance }).from(members).where(eq(members.id, id)))[0]!.b;

describe('a command that committed is answered as done, even if the database drops right after the commit', () => {
  it('a redemption answers 201; a retry with its key gets the same answer; the points went once; the notification follows', async () => {
    const m = await signedIn(t);
    expect((await adjust(m.member.id, 500)).statusCode).toBe(201);
    const w = await makeReward(admin, { stock: 3 });
    const key = crypto.randomUUID();
    const send = () =>
      m.as({
        method: 'POST',
        url: `/api/rewards/${w.id}/redemptions`,
        payload: {},
        headers: { 'idempotency-key': key },
      });
    const first = await droppingAfterCommit(send);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ redemption: { status: 'approved', reward: { id: w.id } }, balance: 400 });
    const retry = await send();
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await balanceOf(m.member.id)).toBe(400);
    await t.app.outbox.drain();
    const notes = await t.database.db.execute<{ title: string }>(
      sql`select title from notifications where member_id = ${m.member.id} and kind like 'redemption.%'`,
    );
    expect(notes.rows).toEqual([{ title: `Approved: ${w.name}` }]);
  });

  it('an admin decision on a redemption answers 200 with the decided redemption', async () => {
    const m = await signedIn(t, { trusted: false });
    await adjust(m.member.id, 500);
    const w = await makeReward(admin, { stock: 3 });
    const asked = await m.as({ method: 'POST', url: `/api/rewards/${w.id}/redemptions`, payload: {} });
    expect(asked.json().redemption.status).toBe('requested');
    const id = asked.json().redemption.id;
    const decided = await droppingAfterCommit(() =>
      admin.as({ method: 'POST', url: `/api/admin/redemptions/${id}`, payload: { decision: 'decline' } }),
    );
    expect(decided.statusCode).toBe(200);
    expect(decided.json().redemption).toMatchObject({ id, status: 'declined', refunded: true });
    expect(await balanceOf(m.member.id)).toBe(500);
  });

  it('a member cancelling their redemption gets 200 with the cancelled redemption', async () => {
    const m = await signedIn(t, { trusted: false });
    await adjust(m.member.id, 500);
    const w = await makeReward(admin, { stock: 3 });
    const id = (await m.as({ method: 'POST', url: `/api/rewards/${w.id}/redemptions`, payload: {} })).json().redemption
      .id;
    const cancelled = await droppingAfterCommit(() =>
      m.as({ method: 'POST', url: `/api/me/redemptions/${id}/cancel`, payload: {} }),
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().redemption).toMatchObject({ id, status: 'cancelled', refunded: true });
  });

  it('a review answers 200 with the reviewed submission', async () => {
    const c = await makeChallenge(admin, {
      stages: [{ kind: 'confirm', title: 'Tell us', points: 40, needsReview: true }],
    });
    const m = await signedIn(t);
    const submitted = await complete(m, c.id);
    expect(submitted.json().completion.status).toBe('pending');
    const id = submitted.json().completion.id;
    const reviewed = await droppingAfterCommit(() =>
      admin.as({ method: 'POST', url: `/api/admin/reviews/${id}`, payload: { decision: 'approve' } }),
    );
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json().review).toMatchObject({ id, status: 'approved' });
    expect(await balanceOf(m.member.id)).toBe(40);
  });

  it('a completion answers 201 with its points', async () => {
    const c = await makeChallenge(admin);
    const m = await signedIn(t);
    const done = await droppingAfterCommit(() => complete(m, c.id));
    expect(done.statusCode).toBe(201);
    expect(done.json().completion).toMatchObject({ status: 'approved', pointsAwarded: 50 });
  });

  it('an adjustment answers 201 with the new balance', async () => {
    const m = await signedIn(t);
    const done = await droppingAfterCommit(() => adjust(m.member.id, 70));
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ balance: 70, entry: { delta: 70 } });
  });
});
