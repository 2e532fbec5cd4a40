import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { decodeSerialCursor } from '../../platform/paging.js';
import { auditLog } from './audit.table.js';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
}

export const auditRepo = {
  async record(ex: Executor, entry: AuditInput): Promise<void> {
    await ex.insert(auditLog).values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
      ip: entry.ip ?? null,
    });
  },

  /**
   * Newest first, each row with the names a reader needs: the actor, the target (whatever its type)
   * and, for a completion or a redemption, the member it belongs to. A target deleted since keeps the
   * name its audit data recorded.
   */
  async list(ex: Executor, q: { targetId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const before = decodeSerialCursor(q.cursor);
    const res = await ex.execute<{
      id: string;
      actor_id: string | null;
      actor_name: string | null;
      action: string;
      target_type: string;
      target_id: string | null;
      target_name: string | null;
      subject_name: string | null;
      related_name: string | null;
      data: Record<string, unknown>;
      created_at: string | Date;
    }>(sql`
      select a.id, a.actor_id, actor.name as actor_name, a.action, a.target_type, a.target_id, a.data, a.created_at,
        coalesce(t.target_name, a.data->>'name', a.data->>'title', a.data->>'label', a.data->>'email',
          (select coalesce(o.data->>'name', o.data->>'title', o.data->>'label') from audit_log o
            where o.target_id = a.target_id and o.target_type = a.target_type
              and (o.data ? 'name' or o.data ? 'title' or o.data ? 'label')
            order by o.id desc limit 1)) as target_name,
        t.subject_name, t.related_name
      from audit_log a
      left join members actor on actor.id = a.actor_id
      left join lateral (
        select
          case a.target_type
            when 'member' then (select m.name from members m where m.id::text = a.target_id)
            when 'challenge' then (select c.title from challenges c where c.id::text = a.target_id)
            when 'completion' then (select c.title from completions x join challenges c on c.id = x.challenge_id
              where x.id::text = a.target_id)
            when 'redemption' then (select r.name from redemptions x join rewards r on r.id = x.reward_id
              where x.id::text = a.target_id)
            when 'reward' then (select r.name from rewards r where r.id::text = a.target_id)
            when 'badge' then (select b.name from badges b where b.id::text = a.target_id)
            when 'segment' then (select g.name from segments g where g.id::text = a.target_id)
            when 'group' then (select g.name from groups g where g.id::text = a.target_id)
            when 'level' then (select l.name from levels l where l.id::text = a.target_id)
            when 'join_code' then (select j.label from join_codes j where j.id::text = a.target_id)
            when 'community_category' then (select c.name from community_categories c where c.id::text = a.target_id)
            when 'community_thread' then (select t.title from community_threads t where t.id::text = a.target_id)
            when 'community_post' then (select t.title from community_posts p join community_threads t on t.id = p.thread_id
              where p.id::text = a.target_id)
            when 'season' then (select s.name from leaderboard_seasons s where s.id::text = a.target_id)
            when 'event_board' then (select e.name from event_boards e where e.id::text = a.target_id)
          end as target_name,
          case a.target_type
            when 'completion' then (select m.name from completions x join members m on m.id = x.member_id
              where x.id::text = a.target_id)
            when 'redemption' then (select m.name from redemptions x join members m on m.id = x.member_id
              where x.id::text = a.target_id)
            when 'community_post' then (select m.name from community_posts p join members m on m.id = p.author_id
              where p.id::text = a.target_id)
          end as subject_name,
          (select b.name from badges b where b.id::text = a.data->>'badgeId') as related_name
      ) t on true
      where ${q.targetId ? sql`a.target_id = ${q.targetId}` : sql`true`}
        and ${before !== null ? sql`a.id < ${before}` : sql`true`}
      order by a.id desc
      limit ${q.limit + 1}`);
    const rows = res.rows.map((r) => ({
      id: Number(r.id),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      targetName: r.target_name,
      subjectName: r.subject_name,
      relatedName: r.related_name,
      data: r.data,
      createdAt: new Date(r.created_at),
    }));
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { rows: page, nextCursor: more ? String(page[page.length - 1]!.id) : null };
  },
};
