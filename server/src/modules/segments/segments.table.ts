import { jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SegmentRule } from '@advocate-hub/shared';

/** Saved rules over member fields; evaluated live (never materialised), so they are always current. */
export const segments = pgTable(
  'segments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    rule: jsonb('rule').$type<SegmentRule>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('segments_name_key').on(t.name)],
);
export type SegmentRow = typeof segments.$inferSelect;
