import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { arrayParam } from '../../db/arrays.js';
import { outbox, type OutboxRow } from './outbox.table.js';

const waiting = and(isNull(outbox.deliveredAt), isNull(outbox.deadAt));

export const outboxRepo = {
  /** All of a command's events in one INSERT. */
  async insert(ex: Executor, rows: { id: string; type: string; payload: Record<string, unknown> }[]) {
    if (rows.length) await ex.insert(outbox).values(rows);
  },

  /**
   * Takes an undelivered row for delivery in this transaction: marks it delivered (undone if the
   * transaction rolls back) and so locks it; a concurrent delivery waits, then finds it delivered.
   */
  async claim(ex: Executor, id: string): Promise<OutboxRow | null> {
    const [row] = await ex
      .update(outbox)
      .set({ deliveredAt: sql`now()`, deadAt: null, attempts: sql`${outbox.attempts} + 1` })
      .where(and(eq(outbox.id, id), isNull(outbox.deliveredAt)))
      .returning();
    return row ?? null;
  },

  /**
   * `claim` for a batch in one statement: the undelivered rows among `ids`, locked in id order (two
   * batches that overlap wait for each other instead of deadlocking), oldest first.
   */
  async claimMany(ex: Executor, ids: string[]): Promise<OutboxRow[]> {
    if (!ids.length) return [];
    const rows = await ex
      .update(outbox)
      .set({ deliveredAt: sql`now()`, deadAt: null, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          sql`(select o.id from outbox o where o.id = any(${arrayParam(ids)}::uuid[]) and o.delivered_at is null order by o.id for update)`,
        ),
      )
      .returning();
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  },

  /** A failed delivery: counted, its error kept; `dead` when no retry is left. */
  async noteFailure(ex: Executor, id: string, error: string, dead: boolean) {
    await ex
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        lastError: error.slice(0, 2000),
        ...(dead ? { deadAt: sql`now()` } : {}),
      })
      .where(and(eq(outbox.id, id), isNull(outbox.deliveredAt)));
  },

  /** Rows still waiting for delivery (and not given up on) that are at least `olderThanMs` old, oldest first. */
  async waiting(ex: Executor, olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await ex
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(waiting, sql`${outbox.createdAt} <= now() - ${olderThanMs} * interval '1 millisecond'`))
      .orderBy(asc(outbox.createdAt))
      .limit(limit);
    return rows.map((r) => r.id);
  },

  /** Which of these rows still wait for delivery. */
  async stillWaiting(ex: Executor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await ex
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(waiting, inArray(outbox.id, ids)));
    return rows.map((r) => r.id);
  },

  /** Forgets delivered rows older than `days` (a bounded batch per call). */
  async purgeDelivered(ex: Executor, days: number, limit = 5000) {
    await ex.execute(sql`
      delete from outbox where id in (
        select id from outbox where delivered_at < now() - ${days} * interval '1 day' limit ${limit})`);
  },
};
