import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { decodeTimeCursor } from '../../platform/paging.js';
import { prefersChannel } from '@advocate-hub/shared';
import { membersRepo } from '../members/members.repo.js';
import { notifications } from './notifications.table.js';

/** Whether the member keeps this kind of notification in-app (a missing member: written as before). */
async function wantsInApp(ex: Executor, memberId: string, kind: string): Promise<boolean> {
  const prefs = await membersRepo.notificationPrefs(ex, memberId);
  return prefs === null || prefersChannel(prefs, kind, 'inApp');
}

export const notificationsRepo = {
  async byId(ex: Executor, id: string) {
    const [row] = await ex.select().from(notifications).where(eq(notifications.id, id));
    return row ?? null;
  },
  /** Writes an in-app notification, unless the member turned its topic off in-app (the one chokepoint). */
  async insert(ex: Executor, v: typeof notifications.$inferInsert) {
    if (!(await wantsInApp(ex, v.memberId, v.kind))) return;
    await ex.insert(notifications).values(v);
  },
  /**
   * Adds to the member's unread notification of a group, or starts one: race-safe through the unique
   * index on (member, group) of unread rows (`INSERT … ON CONFLICT DO UPDATE` merges the totals in
   * SQL, on the latest committed row). The row stays locked until the transaction ends, so the
   * caller can rewrite its text from the merged data. It keeps its place in the list (its time is
   * when the group started), so pages read by time stay stable.
   */
  async mergeIntoGroup(
    ex: Executor,
    v: { memberId: string; groupKey: string; kind: string; title: string; body: string | null; link: string | null },
    data: Record<string, unknown>,
  ): Promise<{ id: string; data: Record<string, unknown>; merged: boolean } | null> {
    if (!(await wantsInApp(ex, v.memberId, v.kind))) return null;
    const r = await ex.execute<{ id: string; data: Record<string, unknown>; merged: boolean }>(sql`
      insert into notifications as n (member_id, group_key, kind, title, body, link, data)
      values (${v.memberId}::uuid, ${v.groupKey}, ${v.kind}, ${v.title}, ${v.body}, ${v.link}, ${JSON.stringify(data)}::jsonb)
      on conflict (member_id, group_key) where read_at is null do update set
        data = n.data || jsonb_build_object(
          'total', (n.data->>'total')::int + (excluded.data->>'total')::int,
          'earned', (n.data->>'earned')::int + (excluded.data->>'earned')::int,
          'lost', (n.data->>'lost')::int + (excluded.data->>'lost')::int,
          'events', (n.data->>'events')::int + (excluded.data->>'events')::int,
          'other', (n.data->>'other')::int + (excluded.data->>'other')::int,
          'challenges', (
            select coalesce(jsonb_agg(c.v order by c.o), '[]'::jsonb) from (
              select distinct on (e.v->>'id') e.v, e.o
              from jsonb_array_elements((n.data->'challenges') || (excluded.data->'challenges')) with ordinality e(v, o)
              order by e.v->>'id', e.o
            ) c where c.o <= 50
          )
        )
      returning n.id, n.data, (xmax <> 0) as merged`);
    return r.rows[0]!;
  },
  async setText(
    ex: Executor,
    id: string,
    v: { kind: string; title: string; body: string | null; link: string | null },
  ) {
    await ex.update(notifications).set(v).where(eq(notifications.id, id));
  },
  async list(ex: Executor, memberId: string, limit: number, cursor?: string) {
    const before = decodeTimeCursor(cursor);
    const rows = await ex
      .select()
      .from(notifications)
      .where(and(eq(notifications.memberId, memberId), before ? lt(notifications.createdAt, before) : undefined))
      .orderBy(desc(notifications.createdAt))
      .limit(limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return { rows: page, nextCursor: more ? page[page.length - 1]!.createdAt.toISOString() : null };
  },
  async unread(ex: Executor, memberId: string) {
    const [row] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.memberId, memberId), isNull(notifications.readAt)));
    return row?.n ?? 0;
  },
  async markRead(ex: Executor, memberId: string, ids?: string[]) {
    await ex
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(
        and(
          eq(notifications.memberId, memberId),
          isNull(notifications.readAt),
          ids?.length ? inArray(notifications.id, ids) : undefined,
        ),
      );
  },
};
