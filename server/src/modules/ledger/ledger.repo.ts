import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { PointKind } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { members } from '../members/members.table.js';
import { pointEntries, type PointEntryRow } from './ledger.table.js';

export interface Posting {
  memberId: string;
  delta: number;
  lifetimeDelta: number;
  kind: PointKind;
  sourceType: string;
  sourceId: string | null;
  reason: string;
  createdBy?: string | null;
  idempotencyKey?: string | null;
  createdAt?: Date;
}

export type PostResult =
  | { posted: true; entry: PointEntryRow; balance: number; lifetime: number; lifetimeBefore: number }
  | { posted: false; reason: 'duplicate' | 'insufficient_balance' };

export const ledgerRepo = {
  /**
   * Appends one entry and moves the member's totals in the same transaction. A second entry for the
   * same (kind, source) or idempotency key is a no-op (`duplicate`); a balance that would go below
   * zero is refused (`insufficient_balance`) — the caller's transaction must then roll back.
   */
  async post(ex: Executor, p: Posting): Promise<PostResult> {
    const [entry] = await ex
      .insert(pointEntries)
      .values({
        memberId: p.memberId,
        delta: p.delta,
        lifetimeDelta: p.lifetimeDelta,
        kind: p.kind,
        sourceType: p.sourceType,
        sourceId: p.sourceId,
        reason: p.reason,
        createdBy: p.createdBy ?? null,
        idempotencyKey: p.idempotencyKey ?? null,
        ...(p.createdAt ? { createdAt: p.createdAt } : {}),
      })
      .onConflictDoNothing()
      .returning();
    if (!entry) return { posted: false, reason: 'duplicate' };
    const [totals] = await ex
      .update(members)
      .set({ balance: sql`${members.balance} + ${p.delta}`, lifetime: sql`${members.lifetime} + ${p.lifetimeDelta}` })
      .where(
        and(
          eq(members.id, p.memberId),
          sql`${members.balance} + ${p.delta} >= 0`,
          sql`${members.lifetime} + ${p.lifetimeDelta} >= 0`,
        ),
      )
      .returning({ balance: members.balance, lifetime: members.lifetime });
    if (!totals) return { posted: false, reason: 'insufficient_balance' };
    return {
      posted: true,
      entry,
      balance: totals.balance,
      lifetime: totals.lifetime,
      lifetimeBefore: totals.lifetime - p.lifetimeDelta,
    };
  },

  async findBySource(ex: Executor, kind: PointKind, sourceType: string, sourceId: string) {
    const [row] = await ex
      .select()
      .from(pointEntries)
      .where(
        and(eq(pointEntries.kind, kind), eq(pointEntries.sourceType, sourceType), eq(pointEntries.sourceId, sourceId)),
      );
    return row ?? null;
  },

  async findByKey(ex: Executor, key: string) {
    const [row] = await ex.select().from(pointEntries).where(eq(pointEntries.idempotencyKey, key));
    return row ?? null;
  },

  async totals(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({ balance: members.balance, lifetime: members.lifetime })
      .from(members)
      .where(eq(members.id, memberId));
    return row ?? null;
  },

  async list(ex: Executor, memberId: string, limit: number, cursor?: string) {
    const rows = await ex
      .select()
      .from(pointEntries)
      .where(
        and(
          eq(pointEntries.memberId, memberId),
          cursor && /^\d+$/.test(cursor) ? lt(pointEntries.id, Number(cursor)) : undefined,
        ),
      )
      .orderBy(desc(pointEntries.id))
      .limit(limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
  },

  /** Σ delta and Σ lifetime_delta per member (for invariant checks). */
  async sums(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({
        delta: sql<number>`coalesce(sum(${pointEntries.delta}), 0)::int`,
        lifetime: sql<number>`coalesce(sum(${pointEntries.lifetimeDelta}), 0)::int`,
      })
      .from(pointEntries)
      .where(eq(pointEntries.memberId, memberId));
    return row!;
  },
};

export function toPointEntry(r: PointEntryRow) {
  return {
    id: String(r.id),
    delta: r.delta,
    lifetimeDelta: r.lifetimeDelta,
    kind: r.kind,
    sourceType: r.sourceType,
    sourceId: r.sourceId,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  };
}
