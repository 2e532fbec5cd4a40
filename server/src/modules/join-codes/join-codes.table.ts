import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';

export const joinCodes = pgTable(
  'join_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored upper-case; matched case-insensitively by normalising input. */
    code: text('code').notNull(),
    label: text('label').notNull(),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('join_codes_code_key').on(t.code),
    check('join_codes_uses_within_cap', sql`${t.maxUses} is null or ${t.uses} <= ${t.maxUses}`),
    check('join_codes_code_upper', sql`${t.code} = upper(${t.code})`),
  ],
);
