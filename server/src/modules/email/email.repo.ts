import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { EmailStatus } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { containsPattern, decodeCursor, encodeCursor } from '../../platform/paging.js';
import { emailMessages, type EmailMessageRow } from './email.table.js';

export type NewEmailRow = typeof emailMessages.$inferInsert & { id: string };

const free = or(isNull(emailMessages.lockedUntil), lt(emailMessages.lockedUntil, sql`now()`));

export const emailRepo = {
  /** Queues messages; one whose dedupe key is already taken is left out. Returns the rows written. */
  async insert(ex: Executor, rows: NewEmailRow[]): Promise<{ id: string; round: number }[]> {
    if (!rows.length) return [];
    return ex
      .insert(emailMessages)
      .values(rows)
      .onConflictDoNothing({ target: emailMessages.dedupeKey })
      .returning({ id: emailMessages.id, round: emailMessages.round });
  },

  async byId(ex: Executor, id: string): Promise<EmailMessageRow | null> {
    const [row] = await ex.select().from(emailMessages).where(eq(emailMessages.id, id));
    return row ?? null;
  },

  /**
   * Takes a queued message for one send: counts the attempt and holds it for `leaseMs`, so no other
   * worker sends it meanwhile. `missing`: no such row (yet: its transaction may not have committed).
   */
  async claim(ex: Executor, id: string, leaseMs: number): Promise<EmailMessageRow | 'missing' | 'done'> {
    const [row] = await ex
      .update(emailMessages)
      .set({
        attempts: sql`${emailMessages.attempts} + 1`,
        lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      })
      .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'queued'), free))
      .returning();
    if (row) return row;
    const [found] = await ex.select({ id: emailMessages.id }).from(emailMessages).where(eq(emailMessages.id, id));
    return found ? 'done' : 'missing';
  },

  /** The SMTP server took it (or, without one, it is kept): never sent again. */
  async finish(ex: Executor, id: string, status: 'sent' | 'stored'): Promise<void> {
    await ex
      .update(emailMessages)
      .set({ status, sentAt: status === 'sent' ? sql`now()` : null, lockedUntil: null, lastError: null })
      .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'queued')));
  },

  /** A send failed: the error is kept; `failed` when no retry is left, else it waits for the next one. */
  async noteFailure(ex: Executor, id: string, error: string, last: boolean): Promise<void> {
    await ex
      .update(emailMessages)
      .set({ lastError: error.slice(0, 2000), lockedUntil: null, ...(last ? { status: 'failed' as const } : {}) })
      .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'queued')));
  },

  /** An admin's retry of a failed message: queued again, in a new round (a job of its own). */
  async requeue(ex: Executor, id: string): Promise<{ id: string; round: number } | null> {
    const [row] = await ex
      .update(emailMessages)
      .set({ status: 'queued', round: sql`${emailMessages.round} + 1`, lockedUntil: null })
      .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'failed')))
      .returning({ id: emailMessages.id, round: emailMessages.round });
    return row ?? null;
  },

  /** Queued messages at least `olderThanMs` old that nobody is sending, oldest first. */
  async waiting(ex: Executor, olderThanMs: number, limit: number): Promise<{ id: string; round: number }[]> {
    return ex
      .select({ id: emailMessages.id, round: emailMessages.round })
      .from(emailMessages)
      .where(
        and(
          eq(emailMessages.status, 'queued'),
          free,
          sql`${emailMessages.createdAt} <= now() - ${olderThanMs} * interval '1 millisecond'`,
        ),
      )
      .orderBy(asc(emailMessages.createdAt))
      .limit(limit);
  },

  /** Which of these messages are still queued. */
  async stillQueued(ex: Executor, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await ex
      .select({ id: emailMessages.id })
      .from(emailMessages)
      .where(and(eq(emailMessages.status, 'queued'), inArray(emailMessages.id, ids)));
    return rows.map((r) => r.id);
  },

  /** Newest first, by status and recipient. */
  async list(ex: Executor, q: { status?: EmailStatus; q?: string; limit: number; cursor?: string }) {
    const after = decodeCursor(q.cursor);
    const rows = await ex
      .select({
        id: emailMessages.id,
        kind: emailMessages.kind,
        to: emailMessages.to,
        memberId: emailMessages.memberId,
        subject: emailMessages.subject,
        status: emailMessages.status,
        attempts: emailMessages.attempts,
        lastError: emailMessages.lastError,
        createdAt: emailMessages.createdAt,
        sentAt: emailMessages.sentAt,
      })
      .from(emailMessages)
      .where(
        and(
          q.status ? eq(emailMessages.status, q.status) : undefined,
          q.q ? ilike(emailMessages.to, containsPattern(q.q)) : undefined,
          after
            ? sql`(${emailMessages.createdAt}, ${emailMessages.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!) : null };
  },
};
