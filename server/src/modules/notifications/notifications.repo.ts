import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { decodeTimeCursor } from '../../platform/paging.js';
import { prefersChannel } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';
import { notifications } from './notifications.table.js';

export const notificationsRepo = {
  async byId(ex: Executor, id: string) {
    const [row] = await ex.select().from(notifications).where(eq(notifications.id, id));
    return row ?? null;
  },
  /** Writes an in-app notification, unless the member turned its topic off in-app (the one chokepoint). */
  async insert(ex: Executor, v: typeof notifications.$inferInsert) {
    const [m] = await ex.select({ prefs: members.notificationPrefs }).from(members).where(eq(members.id, v.memberId));
    if (m && !prefersChannel(m.prefs, v.kind, 'inApp')) return;
    await ex.insert(notifications).values(v);
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
