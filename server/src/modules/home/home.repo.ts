import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { achievements } from './home.table.js';

export interface FeedRow {
  id: number;
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
   * Recent achievements of other active members, newest first. Members hidden from leaderboards are
   * left out; how the others are named is up to the caller (anonymous ones by their alias).
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
      select a.id, a.kind, a.label, a.created_at as at, m.name, m.leaderboard_visibility as visibility,
        m.alias_number,
        coalesce(a.kind = 'challenge' and (
          ch.id is null or ch.status <> 'published'
          or jsonb_array_length(coalesce(ch.targeting->'includeGroupIds', '[]')) > 0
          or jsonb_array_length(coalesce(ch.targeting->'includeSegmentIds', '[]')) > 0
          or jsonb_array_length(coalesce(ch.targeting->'excludeGroupIds', '[]')) > 0
          or jsonb_array_length(coalesce(ch.targeting->'excludeSegmentIds', '[]')) > 0
        ), false) as restricted
      from achievements a
      join members m on m.id = a.member_id
      left join challenges ch on a.kind = 'challenge' and ch.id = a.subject_id
      where a.member_id <> ${viewerId}::uuid and m.status = 'active' and m.leaderboard_visibility <> 'hidden'
      order by a.created_at desc, a.id desc
      limit ${limit}`);
    return r.rows.map((x) => ({
      id: Number(x.id),
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
