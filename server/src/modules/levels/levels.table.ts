import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Levels are thresholds on lifetime points. */
export const levels = pgTable(
  'levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    rank: integer('rank').notNull(),
    threshold: integer('threshold').notNull(),
    description: text('description'),
    privileges: jsonb('privileges')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('levels_rank_key').on(t.rank),
    uniqueIndex('levels_threshold_key').on(t.threshold),
    check('levels_threshold_nonnegative', sql`${t.threshold} >= 0`),
  ],
);
export type LevelRow = typeof levels.$inferSelect;
