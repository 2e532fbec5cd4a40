import { sql } from 'drizzle-orm';
import type { AdminOverview } from '@advocate-hub/shared';
import type { Executor } from '../../db/client.js';

type Row = {
  week_start: Date | string;
  active_now: number;
  active_prev: number;
  completions_now: number;
  completions_prev: number;
  points_now: number;
  points_prev: number;
  pending_reviews: number;
  pending_redemptions: number;
  members_total: number;
  members_invited: number;
  members_suspended: number;
  join_codes: number;
};

/**
 * The admin home's numbers, read in one statement. “This week” starts on Monday 00:00 in the program
 * time zone; “last week” is the same stretch one week earlier (its start up to now − 7 days), so a
 * Tuesday morning is compared with last Tuesday morning, not with a whole week.
 */
export const overviewRepo = {
  async read(ex: Executor, timezone: string, now: Date = new Date()): Promise<AdminOverview> {
    const res = await ex.execute<Row>(sql`
      with w as (
        select ts as now,
          date_trunc('week', ts at time zone ${timezone}) at time zone ${timezone} as week_start,
          (date_trunc('week', ts at time zone ${timezone}) - interval '7 days') at time zone ${timezone} as prev_start,
          ts - interval '7 days' as prev_now
        from (select ${now.toISOString()}::timestamptz as ts) t
      ),
      acts as (
        select c.member_id, c.created_at as at from completions c, w where c.created_at >= w.prev_start
        union all
        select p.author_id, p.created_at from community_posts p, w where p.created_at >= w.prev_start
      ),
      active as (
        select
          count(distinct a.member_id) filter (where a.at >= w.week_start and a.at <= w.now)::int as now_n,
          count(distinct a.member_id) filter (where a.at < w.prev_now)::int as prev_n
        from acts a cross join w
        where exists (select 1 from member_roles r where r.member_id = a.member_id and r.role = 'advocate')
      ),
      rounds as (
        select
          count(*) filter (where r.completed_at >= w.week_start and r.completed_at <= w.now)::int as now_n,
          count(*) filter (where r.completed_at < w.prev_now)::int as prev_n
        from challenge_rounds r cross join w
        where r.completed_at >= w.prev_start
      ),
      points as (
        select
          coalesce(sum(e.delta) filter (where e.created_at >= w.week_start and e.created_at <= w.now), 0)::int as now_n,
          coalesce(sum(e.delta) filter (where e.created_at < w.prev_now), 0)::int as prev_n
        from point_entries e cross join w
        where e.created_at >= w.prev_start and e.delta > 0 and e.kind in ('earn', 'adjust')
      )
      select w.week_start,
        active.now_n as active_now, active.prev_n as active_prev,
        rounds.now_n as completions_now, rounds.prev_n as completions_prev,
        points.now_n as points_now, points.prev_n as points_prev,
        (select count(*)::int from completions c
          where c.status = 'pending'
            and exists (select 1 from challenge_stages s where s.id = c.stage_id and s.needs_review)) as pending_reviews,
        (select count(*)::int from redemptions d where d.status = 'requested') as pending_redemptions,
        (select count(*)::int from members) as members_total,
        (select count(*)::int from members m where m.status = 'invited') as members_invited,
        (select count(*)::int from members m where m.status = 'suspended') as members_suspended,
        (select count(*)::int from join_codes j
          where j.disabled_at is null and (j.expires_at is null or j.expires_at > w.now)
            and (j.max_uses is null or j.uses < j.max_uses)) as join_codes
      from w, active, rounds, points`);
    const r = res.rows[0]!;
    return {
      weekStart: new Date(r.week_start).toISOString(),
      activeAdvocates: { thisWeek: Number(r.active_now), lastWeek: Number(r.active_prev) },
      completions: { thisWeek: Number(r.completions_now), lastWeek: Number(r.completions_prev) },
      pointsAwarded: { thisWeek: Number(r.points_now), lastWeek: Number(r.points_prev) },
      pendingReviews: Number(r.pending_reviews),
      pendingRedemptions: Number(r.pending_redemptions),
      members: {
        total: Number(r.members_total),
        invited: Number(r.members_invited),
        suspended: Number(r.members_suspended),
      },
      activeJoinCodes: Number(r.join_codes),
    };
  },
};
