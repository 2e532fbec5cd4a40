import { bigserial, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { members } from '../members/members.table.js';

/**
 * Achievements the home feed cannot read from another record — levels reached (a level is a
 * threshold on lifetime points; nothing else remembers when it was crossed) — written by the durable
 * handler of the committed event. Badges and completed challenges come from their own tables. Who is
 * shown, and how, is decided when the feed is read (a member who hides later disappears from it).
 */
export const achievements = pgTable(
  'achievements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['badge', 'level', 'challenge'] }).notNull(),
    /** The badge, level or challenge. */
    subjectId: uuid('subject_id').notNull(),
    /** Its name when it happened. */
    label: text('label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('achievements_created_idx').on(t.createdAt.desc(), t.id.desc()),
    check('achievements_kind_check', sql`${t.kind} in ('badge','level','challenge')`),
  ],
);
