import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BadgeRule } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';
import { updateById } from '../../db/update.js';
import { members } from '../members/members.table.js';
import { badges, memberBadges, type BadgeRow } from './badges.table.js';

/**
 * The members a rule selects, as SQL returning `member_id` (optionally for one member). The same
 * query serves the backfill, the "who would qualify" count and the check after each change.
 */
export function qualifyingSql(rule: BadgeRule, timezone: string, memberId?: string): SQL | null {
  const one = (col: SQL) => (memberId ? sql` and ${col} = ${memberId}::uuid` : sql``);
  switch (rule.type) {
    case 'challenge_done':
      return sql`select p.member_id from challenge_progress p where p.challenge_id = ${rule.challengeId}::uuid and p.rounds_completed > 0${one(sql`p.member_id`)}`;
    case 'completions_count':
      return sql`select c.member_id from completions c join challenge_stages s on s.id = c.stage_id
        where c.status = 'approved' and c.reversed_at is null ${rule.stageKind ? sql`and s.kind = ${rule.stageKind}` : sql``}${one(sql`c.member_id`)}
        group by c.member_id having count(*) >= ${rule.count}`;
    case 'level_reached':
      return sql`select m.id as member_id from members m
        where m.lifetime >= (select l.threshold from levels l where l.rank = ${rule.rank})${one(sql`m.id`)}`;
    case 'weekly_streak':
      return sql`select g.member_id from (
          select w.member_id, w.wk - (row_number() over (partition by w.member_id order by w.wk) * interval '7 days') as grp
          from (select distinct c.member_id, date_trunc('week', c.created_at at time zone ${timezone}) as wk
                from completions c where c.status = 'approved' and c.reversed_at is null${one(sql`c.member_id`)}) w) g
        group by g.member_id, g.grp having count(*) >= ${rule.weeks}`;
    case 'manual':
      return null;
  }
}

/** How far a member is along a rule (for the profile's progress bars). */
export function progressSql(rule: BadgeRule, timezone: string, memberId: string): SQL | null {
  switch (rule.type) {
    case 'completions_count':
      return sql`select count(*)::int as current from completions c join challenge_stages s on s.id = c.stage_id
        where c.member_id = ${memberId}::uuid and c.status = 'approved' and c.reversed_at is null ${rule.stageKind ? sql`and s.kind = ${rule.stageKind}` : sql``}`;
    case 'weekly_streak':
      return sql`select coalesce(max(n), 0)::int as current from (select count(*) as n from (
          select w.wk - (row_number() over (order by w.wk) * interval '7 days') as grp
          from (select distinct date_trunc('week', c.created_at at time zone ${timezone}) as wk from completions c
                where c.member_id = ${memberId}::uuid and c.status = 'approved' and c.reversed_at is null) w) g group by g.grp) x`;
    case 'level_reached':
      return sql`select coalesce((select max(l.rank) from levels l join members m on m.id = ${memberId}::uuid where l.threshold <= m.lifetime), 0)::int as current`;
    default:
      return null;
  }
}

export const badgesRepo = {
  async insert(ex: Executor, v: typeof badges.$inferInsert): Promise<BadgeRow> {
    const [row] = await ex.insert(badges).values(v).returning();
    return row!;
  },
  async update(ex: Executor, id: string, patch: Partial<typeof badges.$inferInsert>) {
    return updateById(ex, badges, id, patch);
  },
  async findById(ex: Executor, id: string) {
    const [row] = await ex.select().from(badges).where(eq(badges.id, id));
    return row ?? null;
  },
  async list(ex: Executor, activeOnly = false) {
    return ex
      .select({
        badge: badges,
        holders: sql<number>`(select count(*)::int from member_badges mb where mb.badge_id = ${badges.id} and mb.revoked_at is null)`,
      })
      .from(badges)
      .where(activeOnly ? isNull(badges.archivedAt) : undefined)
      .orderBy(desc(badges.createdAt));
  },
  async count(ex: Executor, q: SQL): Promise<number> {
    const r = await ex.execute<{ n: number }>(sql`select count(*)::int as n from (${q}) q`);
    return r.rows[0]?.n ?? 0;
  },
  /** Grants to everyone the query selects who does not hold it yet; returns who got it. */
  async grantTo(ex: Executor, badgeId: string, q: SQL, reason: string): Promise<string[]> {
    const r = await ex.execute<{ member_id: string }>(sql`
      insert into member_badges (member_id, badge_id, reason)
      select distinct q.member_id, ${badgeId}::uuid, ${reason} from (${q}) q join members m on m.id = q.member_id
      on conflict do nothing returning member_id`);
    return r.rows.map((x) => x.member_id);
  },
  /**
   * Grants one member, in one statement, each of these rule badges whose query selects them; a badge
   * they hold (or held and lost) is skipped before its query runs. Returns the badges granted now.
   */
  async grantQualifying(
    ex: Executor,
    memberId: string,
    rules: { badgeId: string; qualifies: SQL }[],
    reason: string,
  ): Promise<string[]> {
    if (!rules.length) return [];
    const checks = sql.join(
      rules.map(
        (r) => sql`select ${r.badgeId}::uuid as badge_id where case
          when exists (select 1 from member_badges h where h.member_id = ${memberId}::uuid and h.badge_id = ${r.badgeId}::uuid) then false
          else exists (${r.qualifies}) end`,
      ),
      sql` union all `,
    );
    const res = await ex.execute<{ badge_id: string }>(sql`
      insert into member_badges (member_id, badge_id, reason)
      select ${memberId}::uuid, c.badge_id, ${reason} from (${checks}) c
      on conflict do nothing returning badge_id`);
    return res.rows.map((r) => r.badge_id);
  },
  async grantOne(ex: Executor, badgeId: string, memberId: string, reason: string, grantedBy: string | null) {
    const rows = await ex
      .insert(memberBadges)
      .values({ memberId, badgeId, reason, grantedBy })
      .onConflictDoNothing()
      .returning();
    return rows.length === 1;
  },
  /** Manual award also restores a revoked grant. */
  async regrant(ex: Executor, badgeId: string, memberId: string, reason: string, grantedBy: string) {
    const rows = await ex
      .update(memberBadges)
      .set({ revokedAt: null, revokedReason: null, revokedBy: null, grantedAt: sql`now()`, reason, grantedBy })
      .where(
        and(
          eq(memberBadges.badgeId, badgeId),
          eq(memberBadges.memberId, memberId),
          sql`${memberBadges.revokedAt} is not null`,
        ),
      )
      .returning();
    return rows.length === 1;
  },
  async revoke(ex: Executor, badgeId: string, memberId: string, reason: string, by: string) {
    const rows = await ex
      .update(memberBadges)
      .set({ revokedAt: sql`now()`, revokedReason: reason, revokedBy: by })
      .where(
        and(eq(memberBadges.badgeId, badgeId), eq(memberBadges.memberId, memberId), isNull(memberBadges.revokedAt)),
      )
      .returning();
    return rows.length === 1;
  },
  async holders(ex: Executor, badgeId: string) {
    return ex
      .select({
        memberId: memberBadges.memberId,
        name: members.name,
        email: members.email,
        grantedAt: memberBadges.grantedAt,
        reason: memberBadges.reason,
        revokedAt: memberBadges.revokedAt,
        revokedReason: memberBadges.revokedReason,
      })
      .from(memberBadges)
      .innerJoin(members, eq(members.id, memberBadges.memberId))
      .where(eq(memberBadges.badgeId, badgeId))
      .orderBy(desc(memberBadges.grantedAt));
  },
  async ofMember(ex: Executor, memberId: string) {
    return ex
      .select({
        id: badges.id,
        name: badges.name,
        icon: badges.icon,
        art: badges.art,
        imageUrl: badges.imageUrl,
        grantedAt: memberBadges.grantedAt,
      })
      .from(memberBadges)
      .innerJoin(badges, eq(badges.id, memberBadges.badgeId))
      .where(and(eq(memberBadges.memberId, memberId), isNull(memberBadges.revokedAt)))
      .orderBy(desc(memberBadges.grantedAt));
  },
  async progress(ex: Executor, q: SQL): Promise<number> {
    const r = await ex.execute<{ current: number }>(q);
    return r.rows[0]?.current ?? 0;
  },
};
