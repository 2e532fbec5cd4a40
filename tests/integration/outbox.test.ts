import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import type { BuildOptions } from '../../server/src/app.js';
import { createTestApp, isolatedDatabase, makeReward, signedIn, type TestApp } from './helpers.js';

// A database of its own: no other test file's worker may deliver (or sweep up) these events.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
beforeAll(async () => {
  iso = await isolatedDatabase();
});
afterAll(async () => {
  await iso?.drop();
});

/** An app (its own pool) on this file's database. */
const app = (outbox: BuildOptions['outbox'] = {}) =>
  createTestApp({ database: createDatabase(iso.url, { warn: () => {} }, { max: 10 }), outbox });

/** A funded, trusted member and a reward they can redeem at once (a `redemption.approved` notification). */
async function redemptionSetup(t: TestApp) {
  const admin = await signedIn(t, { roles: ['admin'] });
  const m = await signedIn(t);
  const fund = await admin.as({
    method: 'POST',
    url: `/api/admin/members/${m.member.id}/adjustments`,
    payload: { points: 500, reason: 'Funding' },
  });
  expect(fund.statusCode).toBe(201);
  const reward = await makeReward(admin);
  const redeem = () =>
    m.as({
      method: 'POST',
      url: `/api/rewards/${reward.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
  return { m, reward, redeem };
}

async function redemptionNotes(t: TestApp, memberId: string) {
  const r = await t.database.db.execute<{ kind: string; title: string }>(
    sql`select kind, title from notifications where member_id = ${memberId} and kind like 'redemption.%' order by created_at`,
  );
  return r.rows;
}
async function outboxRows(t: TestApp, redemptionId: string) {
  const r = await t.database.db.execute<{
    id: string;
    attempts: number;
    delivered: boolean;
    dead: boolean;
    last_error: string | null;
  }>(sql`
    select id, attempts, delivered_at is not null as delivered, dead_at is not null as dead, last_error
    from outbox where type = 'redemption.changed' and payload->>'redemptionId' = ${redemptionId}`);
  return r.rows;
}

describe('side effects of a committed command (the outbox)', () => {
  it('a notification whose first write fails is written on a retry, exactly once', async () => {
    const t = await app();
    const db = t.database.db;
    try {
      const { m, reward, redeem } = await redemptionSetup(t);
      // The funding's own notification is written first, so that the failure below meets the redemption's.
      await t.app.outbox.drain();
      // The first notification write for this member fails, as it does when PostgreSQL drops.
      await db.execute(sql.raw('create sequence outbox_test_failures'));
      await db.execute(
        sql.raw(`create function outbox_test_fail_once() returns trigger language plpgsql as $$
        begin
          if new.member_id = '${m.member.id}' and nextval('outbox_test_failures') = 1 then
            raise exception 'simulated outage while writing a notification';
          end if;
          return new;
        end $$`),
      );
      await db.execute(
        sql.raw(
          'create trigger outbox_test_fail_once before insert on notifications for each row execute function outbox_test_fail_once()',
        ),
      );
      const res = await redeem();
      expect(res.statusCode).toBe(201);
      await t.app.outbox.drain();
      expect(await redemptionNotes(t, m.member.id)).toEqual([
        { kind: 'redemption.approved', title: `Approved: ${reward.name}` },
      ]);
      const tries = await db.execute<{ n: string }>(sql.raw('select last_value as n from outbox_test_failures'));
      expect(Number(tries.rows[0]!.n)).toBe(2);
    } finally {
      await db.execute(sql.raw('drop trigger if exists outbox_test_fail_once on notifications'));
      await db.execute(sql.raw('drop function if exists outbox_test_fail_once'));
      await db.execute(sql.raw('drop sequence if exists outbox_test_failures'));
      await t.close();
    }
  });

  it('a command committed while no worker runs (a crash before the nudge) is delivered by the next worker’s sweep, once', async () => {
    const crashed = await app({ start: false });
    let memberId: string;
    let redemptionId: string;
    try {
      const { m, redeem } = await redemptionSetup(crashed);
      memberId = m.member.id;
      const res = await redeem();
      expect(res.statusCode).toBe(201);
      redemptionId = res.json().redemption.id;
      await new Promise((r) => setTimeout(r, 200));
      expect(await redemptionNotes(crashed, memberId)).toEqual([]);
      expect(await outboxRows(crashed, redemptionId)).toMatchObject([{ delivered: false, attempts: 0 }]);
    } finally {
      await crashed.close();
    }
    const next = await app({ sweepIntervalMs: 100, sweepGraceMs: 0 });
    try {
      // No drain: the periodic sweep finds the row and the worker delivers it.
      await vi.waitFor(async () => expect(await redemptionNotes(next, memberId)).toHaveLength(1), {
        timeout: 10_000,
        interval: 50,
      });
      const [row] = await outboxRows(next, redemptionId);
      expect(row).toMatchObject({ delivered: true, attempts: 1 });
      // Delivering it again (a retried job, another node's sweep) writes nothing more.
      expect(await next.app.outbox.deliver(row!.id)).toBe(false);
      await next.app.outbox.drain();
      expect(await redemptionNotes(next, memberId)).toHaveLength(1);
    } finally {
      await next.close();
    }
  });

  it('a failing subscriber is retried until it succeeds; the notification written with it appears once', async () => {
    const t = await app();
    try {
      let calls = 0;
      // Runs after the notification in the same delivery: its failure undoes the notification too.
      t.app.outbox.on('redemption.changed', async () => {
        calls++;
        if (calls === 1) throw new Error('webhook endpoint down');
      });
      const { m, redeem } = await redemptionSetup(t);
      const res = await redeem();
      expect(res.statusCode).toBe(201);
      await t.app.outbox.drain();
      expect(calls).toBe(2);
      expect(await redemptionNotes(t, m.member.id)).toHaveLength(1);
      expect(await outboxRows(t, res.json().redemption.id)).toMatchObject([
        { delivered: true, attempts: 2, last_error: 'webhook endpoint down' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('events delivered in one batch: a failing one is set aside for a retry, the others go again together; each is written once', async () => {
    // Committed while no worker runs, so the next worker fetches them together (one delivery transaction).
    const idle = await app({ start: false });
    const failing = new Set<string>();
    const ids: { memberId: string; redemptionId: string }[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const { m, redeem } = await redemptionSetup(idle);
        const res = await redeem();
        expect(res.statusCode).toBe(201);
        ids.push({ memberId: m.member.id, redemptionId: res.json().redemption.id });
      }
    } finally {
      await idle.close();
    }
    const t = await app();
    let calls = 0;
    try {
      failing.add(ids[1]!.redemptionId);
      t.app.outbox.on('redemption.changed', async (_tx, e) => {
        calls++;
        // The second event's first delivery fails after its notification was written in the batch.
        if (failing.delete(e.redemptionId)) throw new Error('endpoint down for this one');
      });
      await t.app.outbox.drain();
      for (const { memberId } of ids) expect(await redemptionNotes(t, memberId)).toHaveLength(1);
      const rows = await Promise.all(ids.map(async ({ redemptionId }) => (await outboxRows(t, redemptionId))[0]));
      expect(rows.map((r) => [r!.delivered, r!.attempts])).toEqual([
        [true, 1],
        [true, 2],
        [true, 1],
        [true, 1],
      ]);
      // The batch ran two handlers and was undone; the other three went again together; the failed one on its retry.
      expect(calls).toBe(6);
    } finally {
      await t.close();
    }
  });

  it('one event delivered twice at once writes its notification once', async () => {
    const t = await app({ start: false });
    try {
      const { m, redeem } = await redemptionSetup(t);
      const res = await redeem();
      const [row] = await outboxRows(t, res.json().redemption.id);
      const both = await Promise.all([t.app.outbox.deliver(row!.id), t.app.outbox.deliver(row!.id)]);
      expect(both.sort()).toEqual([false, true]);
      expect(await redemptionNotes(t, m.member.id)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('an event that keeps failing is set aside after the retry limit, with its last error, and written nowhere', async () => {
    const t = await app({ retryLimit: 1 });
    try {
      t.app.outbox.on('redemption.changed', async () => {
        throw new Error('always down');
      });
      const { m, redeem } = await redemptionSetup(t);
      const res = await redeem();
      await t.app.outbox.drain();
      expect(await outboxRows(t, res.json().redemption.id)).toMatchObject([
        { delivered: false, dead: true, attempts: 2, last_error: 'always down' },
      ]);
      expect(await redemptionNotes(t, m.member.id)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
