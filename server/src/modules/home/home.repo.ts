import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { achievements } from './home.table.js';

export interface FeedRow {
  id: string;
  kind: 'badge' | 'level' | 'challenge';
  label: string;
  at: Date;
  name: string;
  visibility: 'named' | 'anonymous' | 'hidden';
  aliasNumber: number;
  /** A challenge only some members can see: the feed does not name it. */
  restricted: boolean;
}

export const homeRepo = {
  async addAchievement(ex: Executor, v: typeof achievements.$inferInsert): Promise<void> {
    await ex.insert(achievements).values(v);
  },

  /**
   * The first days (local `YYYY-MM-DD`) of the program weeks in which the member had an approved,
   * not reversed completion, newest first — the same weeks the weekly-streak badge counts.
   */
  async approvedWeeks(ex: Executor, memberId: string, timeZone: string, limit = 260): Promise<string[]> {
    const r = await ex.execute<{ wk: string }>(sql`
      select distinct to_char(date_trunc('week', c.created_at at time zone ${timeZone}), 'YYYY-MM-DD') as wk
      from completions c
      where c.member_id = ${memberId}::uuid and c.status = 'approved' and c.reversed_at is null
      order by wk desc limit ${limit}`);
    return r.rows.map((x) => x.wk);
  },

  /**
   * Recent achievements of other active members, newest first: badges held (from the grants, so a
   * revoked one disappears), challenges completed (from the rounds) and levels reached (recorded by
   * the level.reached handler). Members hidden from leaderboards are left out; how the others are
   * named is up to the caller (anonymous ones by their alias).
   */
  async feed(ex: Executor, viewerId: string, limit: number): Promise<FeedRow[]> {
    const r = await ex.execute<{
      id: string;
      kind: FeedRow['kind'];
      label: string;
      at: string;
      name: string;
      visibility: FeedRow['visibility'];
      alias_number: number;
      restricted: boolean;
    }>(sql`
      with recent as (
        (select 'badge' as kind, mb.member_id, b.id::text || ':' || mb.member_id::text as id, b.name as label,
            mb.granted_at as at, false as restricted
          from member_badges mb join badges b on b.id = mb.badge_id
          where mb.revoked_at is null and mb.member_id <> ${viewerId}::uuid
          order by mb.granted_at desc limit ${limit * 4})
        union all
        (select 'challenge', r.member_id, r.challenge_id::text || ':' || r.member_id::text || ':' || r.round, c.title,
            r.completed_at,
            c.status <> 'published'
              or jsonb_array_length(coalesce(c.targeting->'includeGroupIds', '[]')) > 0
              or jsonb_array_length(coalesce(c.targeting->'includeSegmentIds', '[]')) > 0
              or jsonb_array_length(coalesce(c.targeting->'excludeGroupIds', '[]')) > 0
              or jsonb_array_length(coalesce(c.targeting->'excludeSegmentIds', '[]')) > 0
          from challenge_rounds r join challenges c on c.id = r.challenge_id
          where r.status = 'completed' and r.member_id <> ${viewerId}::uuid
          order by r.completed_at desc limit ${limit * 4})
        union all
        (select a.kind, a.member_id, a.id::text, a.label, a.created_at, false
          from achievements a where a.member_id <> ${viewerId}::uuid
          order by a.created_at desc limit ${limit * 4})
      )
      select x.kind || ':' || x.id as id, x.kind, x.label, x.at, m.name, m.leaderboard_visibility as visibility,
        m.alias_number, x.restricted
      from recent x join members m on m.id = x.member_id
      where m.status = 'active' and m.leaderboard_visibility <> 'hidden'
      order by x.at desc, x.id desc
      limit ${limit}`);
    return r.rows.map((x) => ({
      id: x.id,
      kind: x.kind,
      label: x.label,
      at: new Date(x.at),
      name: x.name,
      visibility: x.visibility,
      aliasNumber: x.alias_number,
      restricted: x.restricted,
    }));
  },
};
