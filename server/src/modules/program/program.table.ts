import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** One row: the program's branding. */
export const programSettings = pgTable(
  'program_settings',
  {
    id: integer('id').primaryKey().default(1),
    name: text('name').notNull().default('Advocate Hub'),
    tagline: text('tagline'),
    logoUrl: text('logo_url'),
    accentColor: text('accent_color').notNull().default('#4f46e5'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('program_settings_single_row', sql`${t.id} = 1`)],
);
