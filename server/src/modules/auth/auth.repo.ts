import { and, eq, getTableColumns, gt, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Role } from '@advocate-hub/shared';
import type { Db, Executor } from '../../db/client.js';
import { members } from '../members/members.table.js';
import { authFailures, refreshTokens } from './auth.table.js';

function prepareMemberLookup(db: Db) {
  return db
    .select({
      ...getTableColumns(members),
      roles: sql<
        Role[]
      >`coalesce(array(select r.role from member_roles r where r.member_id = "members"."id" order by r.role), '{}')`,
      groupIds: sql<
        string[]
      >`coalesce(array(select g.group_id from group_members g where g.member_id = "members"."id"), '{}')`,
      sessionAlive: sql<boolean>`exists(select 1 from refresh_tokens t where t.family_id = ${sql.placeholder('sid')}::uuid
        and t.member_id = "members"."id" and t.revoked_at is null and t.expires_at > now())`,
    })
    .from(members)
    .where(eq(members.id, sql.placeholder('id')))
    .prepare('auth_member_lookup');
}
const lookups = new WeakMap<Db, ReturnType<typeof prepareMemberLookup>>();

/**
 * The member behind a verified token (its whole row, roles and groups: the request's reads start
 * from it instead of reading the member again) and whether the token's session (its refresh-token
 * family) is still alive, on every authenticated request: one prepared statement.
 */
export async function memberForRequest(db: Db, id: string, sid: string) {
  let q = lookups.get(db);
  if (!q) lookups.set(db, (q = prepareMemberLookup(db)));
  const [row] = await q.execute({ id, sid });
  return row ?? null;
}

/**
 * Revokes the live tokens `which` selects, locking them in id order first: parallel revocations of
 * one family (every loser of a refresh race revokes it) then queue on the same first row instead of
 * deadlocking on rows taken in different orders.
 */
async function revokeInIdOrder(ex: Executor, which: SQL): Promise<void> {
  const live = and(which, isNull(refreshTokens.revokedAt));
  const locked = ex
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(live)
    .orderBy(refreshTokens.id)
    .for('update');
  await ex
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(inArray(refreshTokens.id, locked), isNull(refreshTokens.revokedAt)));
}

/**
 * Of these sessions (member id + refresh-token family), the ones still good: the family alive and
 * the member active. One query for every socket of a node.
 */
export async function liveSessions(db: Db, sessions: { memberId: string; sid: string }[]): Promise<Set<string>> {
  if (sessions.length === 0) return new Set();
  const res = await db.execute<{ sid: string }>(sql`
    select distinct t.family_id as sid
    from refresh_tokens t join members m on m.id = t.member_id
    where t.family_id = any(${`{${sessions.map((x) => x.sid).join(',')}}`}::uuid[])
      and t.revoked_at is null and t.expires_at > now() and m.status = 'active'`);
  return new Set(res.rows.map((r) => r.sid));
}

export const authRepo = {
  async insertRefreshToken(
    ex: Executor,
    t: { memberId: string; familyId: string; tokenHash: string; expiresAt: Date; userAgent: string | null },
  ): Promise<void> {
    await ex.insert(refreshTokens).values(t);
  },

  /**
   * Spends a refresh token atomically: only one caller can flip `used_at` from null.
   * Returns the token row when this caller spent it, else the row as found (spent/revoked/expired) or null.
   */
  async spendRefreshToken(ex: Executor, tokenHash: string) {
    const spent = await ex
      .update(refreshTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNull(refreshTokens.usedAt),
          isNull(refreshTokens.revokedAt),
          gt(refreshTokens.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (spent[0]) return { spent: true as const, token: spent[0] };
    const [found] = await ex.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
    return { spent: false as const, token: found ?? null };
  },

  /**
   * Queues the refreshes of one token behind each other for the rest of the transaction: parallel
   * refreshes then never hold the family's rows in different orders (which deadlocked under load).
   */
  async lockToken(ex: Executor, tokenHash: string): Promise<void> {
    await ex.execute(sql`select pg_advisory_xact_lock(hashtextextended(${tokenHash}, 7241))`);
  },

  async revokeFamily(ex: Executor, familyId: string): Promise<void> {
    await revokeInIdOrder(ex, eq(refreshTokens.familyId, familyId));
  },

  async revokeByHash(ex: Executor, tokenHash: string): Promise<{ familyId: string } | null> {
    const [row] = await ex
      .update(refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .returning({ familyId: refreshTokens.familyId });
    return row ?? null;
  },

  /** Ends every session of a member but one; returns how many were still live. */
  async revokeOtherFamilies(ex: Executor, memberId: string, keepFamilyId: string | null): Promise<number> {
    const others = and(
      eq(refreshTokens.memberId, memberId),
      keepFamilyId ? ne(refreshTokens.familyId, keepFamilyId) : undefined,
    )!;
    const [row] = await ex
      .select({ n: sql<number>`count(distinct ${refreshTokens.familyId})::int` })
      .from(refreshTokens)
      .where(and(others, isNull(refreshTokens.revokedAt)));
    await revokeInIdOrder(ex, others);
    return row?.n ?? 0;
  },

  async revokeAllForMember(ex: Executor, memberId: string): Promise<void> {
    await revokeInIdOrder(ex, eq(refreshTokens.memberId, memberId));
  },

  async countRecentFailures(
    ex: Executor,
    key: string,
    windowSeconds: number,
  ): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await ex
      .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${authFailures.createdAt})` })
      .from(authFailures)
      .where(
        and(
          eq(authFailures.key, key),
          gt(authFailures.createdAt, sql`now() - make_interval(secs => ${windowSeconds})`),
        ),
      );
    return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  },

  async recordFailure(ex: Executor, key: string, ip: string | null): Promise<void> {
    await ex.insert(authFailures).values({ key, ip });
  },

  async clearFailures(ex: Executor, key: string): Promise<void> {
    await ex.delete(authFailures).where(eq(authFailures.key, key));
  },

  async pruneFailures(ex: Executor, olderThanSeconds: number): Promise<void> {
    await ex
      .delete(authFailures)
      .where(lt(authFailures.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`));
  },
};
