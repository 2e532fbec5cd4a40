import { sql } from 'drizzle-orm';
import { boolean, check, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row: the program's branding and settings. */
export const programSettings = pgTable(
  'program_settings',
  {
    id: integer('id').primaryKey().default(1),
    name: text('name').notNull().default('Advocate Hub'),
    tagline: text('tagline'),
    logoUrl: text('logo_url'),
    accentColor: text('accent_color').notNull().default('#4f46e5'),
    /** What one point is worth in `currency` (reward liability). */
    pointValue: numeric('point_value', { precision: 12, scale: 4 }).notNull().default('0.01'),
    currency: text('currency').notNull().default('USD'),
    /** Staff (admins, moderators) who are also advocates are ranked on leaderboards. */
    leaderboardIncludeStaff: boolean('leaderboard_include_staff').notNull().default(false),
    /** Profile fields members may change themselves (name and time zone always). */
    memberEditableFields: text('member_editable_fields')
      .array()
      .notNull()
      .default(sql`'{company,title}'::text[]`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('program_settings_single_row', sql`${t.id} = 1`)],
);
