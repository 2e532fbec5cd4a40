import { sql } from 'drizzle-orm';
import { index, jsonb, uniqueIndex, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /**
     * Notifications of one group (e.g. `points:<program day>`) are merged: while one is unread, a new
     * one updates it in place (one unread row per member and group, enforced by a unique index).
     */
    groupKey: text('group_key'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_member_idx').on(t.memberId, t.createdAt.desc()),
    uniqueIndex('notifications_unread_group_key')
      .on(t.memberId, t.groupKey)
      .where(sql`${t.readAt} is null`),
  ],
);
