import { and, desc, eq, gt, ilike, isNull, sql } from 'drizzle-orm';
import type { Role } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { containsPattern } from '../../platform/paging.js';
import { members } from '../members/members.table.js';
import { invites } from './invites.table.js';

export const invitesRepo = {
  async insert(
    ex: Executor,
    v: { memberId: string; email: string; tokenHash: string; roles: Role[]; expiresAt: Date; createdBy: string | null },
  ) {
    const [row] = await ex.insert(invites).values(v).returning();
    return row!;
  },

  async findByHash(ex: Executor, tokenHash: string) {
    const [row] = await ex.select().from(invites).where(eq(invites.tokenHash, tokenHash));
    return row ?? null;
  },

  /** Single use: only one caller can spend a live invite. */
  async spend(ex: Executor, id: string) {
    const rows = await ex
      .update(invites)
      .set({ usedAt: sql`now()` })
      .where(
        and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`)),
      )
      .returning();
    return rows[0] ?? null;
  },

  async revokeOpenForMember(ex: Executor, memberId: string): Promise<void> {
    await ex
      .update(invites)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invites.memberId, memberId), isNull(invites.usedAt), isNull(invites.revokedAt)));
  },

  /** Whether the member has an invite that still works (not used, revoked or expired). */
  async hasOpen(ex: Executor, memberId: string): Promise<boolean> {
    const [row] = await ex
      .select({ id: invites.id })
      .from(invites)
      .where(
        and(
          eq(invites.memberId, memberId),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, sql`now()`),
        ),
      )
      .limit(1);
    return !!row;
  },

  async findById(ex: Executor, id: string) {
    const [row] = await ex.select().from(invites).where(eq(invites.id, id)).for('update');
    return row ?? null;
  },

  /** A new link for an open invite: the old token stops working and the expiry starts again. */
  async rotate(ex: Executor, id: string, tokenHash: string, expiresAt: Date) {
    const [row] = await ex
      .update(invites)
      .set({ tokenHash, expiresAt })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
      .returning();
    return row ?? null;
  },

  /** The invite's email was queued once more. */
  async markSent(ex: Executor, id: string) {
    const [row] = await ex
      .update(invites)
      .set({ lastSentAt: sql`now()`, sendCount: sql`${invites.sendCount} + 1` })
      .where(eq(invites.id, id))
      .returning({ sendCount: invites.sendCount });
    return row?.sendCount ?? 0;
  },

  /** Invites nobody accepted yet (and not replaced by a newer one), newest first. */
  async listOpen(ex: Executor, q: { q?: string | undefined; limit: number }) {
    return ex
      .select({
        id: invites.id,
        email: invites.email,
        roles: invites.roles,
        expiresAt: invites.expiresAt,
        createdAt: invites.createdAt,
        lastSentAt: invites.lastSentAt,
        sendCount: invites.sendCount,
      })
      .from(invites)
      .innerJoin(members, eq(members.id, invites.memberId))
      .where(
        and(
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          eq(members.status, 'invited'),
          q.q ? ilike(invites.email, containsPattern(q.q)) : undefined,
        ),
      )
      .orderBy(desc(invites.createdAt), desc(invites.id))
      .limit(q.limit);
  },
};
