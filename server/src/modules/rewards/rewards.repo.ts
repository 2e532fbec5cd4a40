import { and, asc, desc, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { RedemptionStatus } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { preparedFor } from '../../platform/cache.js';
import { containsPattern, decodeCursor, encodeCursor } from '../../platform/paging.js';
import { members } from '../members/members.table.js';
import { redemptions, rewardCodes, rewards, type RedemptionRow, type RewardRow } from './rewards.table.js';

const LIVE = sql`('requested','approved','fulfilled')`;

/** Per-reward figures for the admin list. */
const stats = {
  redeemedCount: sql<number>`(select count(*)::int from redemptions x where x.reward_id = "rewards"."id" and x.status in ${LIVE})`,
  pendingCount: sql<number>`(select count(*)::int from redemptions x where x.reward_id = "rewards"."id" and x.status = 'requested')`,
  codesTotal: sql<number>`(select count(*)::int from reward_codes k where k.reward_id = "rewards"."id")`,
  codesRemaining: sql<number>`(select count(*)::int from reward_codes k where k.reward_id = "rewards"."id" and k.redemption_id is null)`,
};
export type RewardWithStats = RewardRow & {
  redeemedCount: number;
  pendingCount: number;
  codesTotal: number;
  codesRemaining: number;
};

const decider = sql<{
  id: string;
  name: string;
} | null>`(select json_build_object('id', d.id, 'name', d.name) from members d where d.id = "redemptions"."decided_by")`;
const codeOf = sql<string | null>`(select k.code from reward_codes k where k.redemption_id = "redemptions"."id")`;

/** A redemption's columns but its kept first answer (only a replay of its key needs that). */
const { response: _response, ...redemptionColumns } = getTableColumns(redemptions);

export interface RedemptionJoined {
  r: Omit<RedemptionRow, 'response'>;
  reward: { id: string; name: string; type: RewardRow['type']; imageUrl: string | null; fulfilmentNote: string | null };
  member: { id: string; name: string; email: string; trusted: boolean };
  decidedBy: { id: string; name: string } | null;
  code: string | null;
}
const joined = {
  r: redemptionColumns,
  reward: {
    id: rewards.id,
    name: rewards.name,
    type: rewards.type,
    imageUrl: rewards.imageUrl,
    fulfilmentNote: rewards.fulfilmentNote,
  },
  member: { id: members.id, name: members.name, email: members.email, trusted: members.trusted },
  decidedBy: decider,
  code: codeOf,
};

export const rewardsRepo = {
  // ---------------------------------------------------------------- catalog

  async list(
    ex: Executor,
    q: { status?: string | undefined; q?: string | undefined } = {},
  ): Promise<RewardWithStats[]> {
    const filters: SQL[] = [];
    if (q.status) filters.push(eq(rewards.status, q.status as RewardRow['status']));
    if (q.q) filters.push(ilike(rewards.name, containsPattern(q.q)));
    const rows = await ex
      .select({ w: rewards, ...stats })
      .from(rewards)
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(desc(rewards.featured), asc(rewards.sortOrder), asc(rewards.cost), asc(rewards.name));
    return rows.map(({ w, ...s }) => ({ ...w, ...s }));
  },
  async findById(ex: Executor, id: string): Promise<RewardWithStats | null> {
    const [row] = await ex
      .select({ w: rewards, ...stats })
      .from(rewards)
      .where(eq(rewards.id, id));
    return row ? { ...row.w, ...row } : null;
  },
  /** The reward alone, without the admin figures (for redemptions and checks). */
  async find(ex: Executor, id: string): Promise<RewardRow | null> {
    const [row] = await ex.select().from(rewards).where(eq(rewards.id, id));
    return row ?? null;
  },
  /** Published rewards inside their window. */
  /** Published rewards whose window contains `now` (a prepared statement: every catalog reads it). */
  async listLive(ex: Executor, now: Date): Promise<RewardRow[]> {
    const q = preparedFor(ex, 'rewards_live', () =>
      ex
        .select()
        .from(rewards)
        .where(
          and(
            eq(rewards.status, 'published'),
            sql`(${rewards.publishAt} is null or ${rewards.publishAt} <= ${sql.placeholder('now')}::timestamptz)`,
            sql`(${rewards.expireAt} is null or ${rewards.expireAt} > ${sql.placeholder('now')}::timestamptz)`,
          ),
        )
        .orderBy(desc(rewards.featured), asc(rewards.sortOrder), asc(rewards.cost), asc(rewards.name))
        .prepare('rewards_live'),
    );
    return q.execute({ now: now.toISOString() });
  },
  async insert(ex: Executor, v: typeof rewards.$inferInsert): Promise<RewardRow> {
    const [row] = await ex.insert(rewards).values(v).returning();
    return row!;
  },
  async update(ex: Executor, id: string, patch: Partial<typeof rewards.$inferInsert>): Promise<RewardRow | null> {
    const [row] = await ex
      .update(rewards)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(rewards.id, id))
      .returning();
    return row ?? null;
  },

  /** Takes one from stock (unlimited stock always succeeds); false when none is left. Locks the reward row. */
  async takeStock(ex: Executor, id: string): Promise<boolean> {
    const rows = await ex
      .update(rewards)
      .set({ stock: sql`case when ${rewards.stock} is null then null else ${rewards.stock} - 1 end` })
      .where(and(eq(rewards.id, id), sql`(${rewards.stock} is null or ${rewards.stock} > 0)`))
      .returning({ id: rewards.id });
    return rows.length === 1;
  },
  async returnStock(ex: Executor, id: string): Promise<void> {
    await ex
      .update(rewards)
      .set({ stock: sql`${rewards.stock} + 1` })
      .where(and(eq(rewards.id, id), sql`${rewards.stock} is not null`));
  },

  // ---------------------------------------------------------------- code pools

  /** Hands the next free code to the redemption; concurrent callers skip each other's rows. */
  async assignCode(ex: Executor, rewardId: string, redemptionId: string): Promise<string | null> {
    const res = await ex.execute<{ code: string }>(sql`
      update reward_codes set redemption_id = ${redemptionId}, assigned_at = now()
      where id = (
        select id from reward_codes
        where reward_id = ${rewardId} and redemption_id is null
        order by id limit 1
        for update skip locked)
      returning code`);
    return res.rows[0]?.code ?? null;
  },
  /** Puts an unrevealed code back in the pool. */
  async releaseCode(ex: Executor, redemptionId: string): Promise<boolean> {
    const rows = await ex
      .update(rewardCodes)
      .set({ redemptionId: null, assignedAt: null })
      .where(eq(rewardCodes.redemptionId, redemptionId))
      .returning({ id: rewardCodes.id });
    return rows.length > 0;
  },
  /** Adds codes (duplicates within the pool are skipped) and grows the stock by the number added. */
  async addCodes(ex: Executor, rewardId: string, codes: string[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < codes.length; i += 1000) {
      const rows = await ex
        .insert(rewardCodes)
        .values(codes.slice(i, i + 1000).map((code) => ({ rewardId, code })))
        .onConflictDoNothing()
        .returning({ id: rewardCodes.id });
      added += rows.length;
    }
    if (added)
      await ex
        .update(rewards)
        .set({ stock: sql`coalesce(${rewards.stock}, 0) + ${added}`, updatedAt: sql`now()` })
        .where(eq(rewards.id, rewardId));
    return added;
  },
  async codeCounts(ex: Executor, rewardId: string) {
    const [row] = await ex
      .select({
        total: sql<number>`count(*)::int`,
        remaining: sql<number>`(count(*) filter (where ${rewardCodes.redemptionId} is null))::int`,
      })
      .from(rewardCodes)
      .where(eq(rewardCodes.rewardId, rewardId));
    return { total: row?.total ?? 0, remaining: row?.remaining ?? 0 };
  },

  // ---------------------------------------------------------------- redemptions

  /** Locks the member row: one redemption per member at a time, so limits and keys are exact. */
  async lockMember(ex: Executor, memberId: string) {
    const res = await ex.execute<{ balance: number; trusted: boolean; status: string }>(
      sql`select balance, trusted, status from members where id = ${memberId} for update`,
    );
    return res.rows[0] ?? null;
  },
  async insertRedemption(ex: Executor, v: typeof redemptions.$inferInsert): Promise<void> {
    await ex.insert(redemptions).values(v);
  },
  async findByKey(ex: Executor, memberId: string, key: string): Promise<RedemptionRow | null> {
    const [row] = await ex
      .select()
      .from(redemptions)
      .where(and(eq(redemptions.memberId, memberId), eq(redemptions.idempotencyKey, key)));
    return row ?? null;
  },
  /** The member's live redemptions of a reward: in all, and within [from, to). */
  async countLive(ex: Executor, memberId: string, rewardId: string, from: Date | null, to: Date | null) {
    const [row] = await ex
      .select({
        total: sql<number>`count(*)::int`,
        inPeriod: from
          ? sql<number>`(count(*) filter (where ${redemptions.createdAt} >= ${from.toISOString()}::timestamptz and ${redemptions.createdAt} < ${to!.toISOString()}::timestamptz))::int`
          : sql<number>`0`,
      })
      .from(redemptions)
      .where(
        and(
          eq(redemptions.memberId, memberId),
          eq(redemptions.rewardId, rewardId),
          sql`${redemptions.status} in ${LIVE}`,
        ),
      );
    return { total: row?.total ?? 0, inPeriod: row?.inPeriod ?? 0 };
  },
  /** Live redemption times of a member per reward, for the catalog's limit checks. */
  async memberHistory(ex: Executor, memberId: string): Promise<{ rewardId: string; createdAt: Date }[]> {
    const q = preparedFor(ex, 'rewards_member_history', () =>
      ex
        .select({ rewardId: redemptions.rewardId, createdAt: redemptions.createdAt })
        .from(redemptions)
        .where(and(eq(redemptions.memberId, sql.placeholder('memberId')), sql`${redemptions.status} in ${LIVE}`))
        .prepare('rewards_member_history'),
    );
    return q.execute({ memberId });
  },
  /**
   * Moves a redemption from one of `from` to `to`, once: a conditional update, so of two
   * concurrent decisions only one changes the row.
   */
  async transition(
    ex: Executor,
    id: string,
    from: RedemptionStatus[],
    to: RedemptionStatus,
    patch: Partial<typeof redemptions.$inferInsert>,
  ): Promise<RedemptionRow | null> {
    const [row] = await ex
      .update(redemptions)
      .set({ ...patch, status: to, updatedAt: sql`now()` })
      .where(and(eq(redemptions.id, id), inArray(redemptions.status, from)))
      .returning();
    return row ?? null;
  },
  async findRedemption(ex: Executor, id: string): Promise<RedemptionRow | null> {
    const [row] = await ex.select().from(redemptions).where(eq(redemptions.id, id));
    return row ?? null;
  },
  async joinedById(ex: Executor, id: string): Promise<RedemptionJoined | null> {
    const [row] = await ex
      .select(joined)
      .from(redemptions)
      .innerJoin(rewards, eq(rewards.id, redemptions.rewardId))
      .innerJoin(members, eq(members.id, redemptions.memberId))
      .where(eq(redemptions.id, id));
    return row ?? null;
  },
  async listRedemptions(
    ex: Executor,
    q: {
      memberId?: string;
      status?: RedemptionStatus | undefined;
      rewardId?: string | undefined;
      q?: string | undefined;
      limit: number;
      cursor?: string | undefined;
      oldestFirst?: boolean;
    },
  ): Promise<{ rows: RedemptionJoined[]; nextCursor: string | null }> {
    const filters: SQL[] = [];
    if (q.memberId) filters.push(eq(redemptions.memberId, q.memberId));
    if (q.status) filters.push(eq(redemptions.status, q.status));
    if (q.rewardId) filters.push(eq(redemptions.rewardId, q.rewardId));
    if (q.q) {
      const term = containsPattern(q.q);
      filters.push(or(ilike(members.name, term), ilike(members.email, term), ilike(rewards.name, term))!);
    }
    const cur = decodeCursor(q.cursor);
    if (cur)
      filters.push(
        q.oldestFirst
          ? sql`(${redemptions.createdAt}, ${redemptions.id}) > (${cur.createdAt.toISOString()}::timestamptz, ${cur.id}::uuid)`
          : sql`(${redemptions.createdAt}, ${redemptions.id}) < (${cur.createdAt.toISOString()}::timestamptz, ${cur.id}::uuid)`,
      );
    const rows = await ex
      .select(joined)
      .from(redemptions)
      .innerJoin(rewards, eq(rewards.id, redemptions.rewardId))
      .innerJoin(members, eq(members.id, redemptions.memberId))
      .where(filters.length ? and(...filters) : undefined)
      .orderBy(
        ...(q.oldestFirst
          ? [asc(redemptions.createdAt), asc(redemptions.id)]
          : [desc(redemptions.createdAt), desc(redemptions.id)]),
      )
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { rows: page, nextCursor: more ? encodeCursor(page[page.length - 1]!.r) : null };
  },
  async countsByStatus(ex: Executor, rewardId?: string): Promise<Record<RedemptionStatus, number>> {
    const rows = await ex
      .select({ status: redemptions.status, n: sql<number>`count(*)::int` })
      .from(redemptions)
      .where(rewardId ? eq(redemptions.rewardId, rewardId) : undefined)
      .groupBy(redemptions.status);
    const out = { requested: 0, approved: 0, fulfilled: 0, declined: 0, cancelled: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  },
  async liability(ex: Executor) {
    const res = await ex.execute<{ outstanding: string; committed: string }>(sql`
      select
        (select coalesce(sum(balance), 0) from members where status <> 'suspended') as outstanding,
        (select coalesce(sum(cost), 0) from redemptions where status in ('requested', 'approved')) as committed`);
    const row = res.rows[0]!;
    return { outstanding: Number(row.outstanding), committed: Number(row.committed) };
  },
  /** Rewards whose visibility names the group or segment. */
  async referencing(ex: Executor, id: string): Promise<{ id: string; name: string }[]> {
    return ex
      .select({ id: rewards.id, name: rewards.name })
      .from(rewards)
      .where(
        sql`(${rewards.visibility}->'includeGroupIds') ? ${id} or (${rewards.visibility}->'excludeGroupIds') ? ${id}
          or (${rewards.visibility}->'includeSegmentIds') ? ${id} or (${rewards.visibility}->'excludeSegmentIds') ? ${id}`,
      )
      .orderBy(asc(rewards.name));
  },
};
