import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
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
};
