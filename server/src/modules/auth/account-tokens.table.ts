import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';

/**
 * Single-use account links sent by email: a password reset, or the confirmation of a new address.
 * Only the token's hash is kept; a token is spent once (`used_at`) and dies at `expires_at`.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['password_reset', 'email_change'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The address an email change moves to. */
    newEmail: text('new_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('account_tokens_hash_key').on(t.tokenHash),
    index('account_tokens_member_idx').on(t.memberId, t.purpose, t.createdAt),
    check('account_tokens_purpose_check', sql`${t.purpose} in ('password_reset','email_change')`),
  ],
);
export type AccountTokenRow = typeof accountTokens.$inferSelect;
