import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { EMAIL_STATUSES } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/**
 * Every email the hub sends (or, without SMTP_URL, keeps). A row is written in the transaction of the
 * command that causes it (or of the outbox delivery that does); the email queue's pg-boss worker sends
 * it after the commit and marks it sent once. `dedupe_key` names the logical email (an invite round, a
 * reset token, an event and kind): the same one is never queued twice.
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    /** Also the Message-ID's local part. */
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: EMAIL_STATUSES }).notNull().default('queued'),
    /** Sends tried (the successful one included). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    dedupeKey: text('dedupe_key').notNull(),
    /** Bumped by an admin's retry: the job of each round has an id of its own. */
    round: integer('round').notNull().default(0),
    /** A worker sending the message holds it until then (no two sends at once). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Milliseconds, as the list's keyset cursor carries them. */
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('email_messages_dedupe_key').on(t.dedupeKey),
    index('email_messages_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('email_messages_queued_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'queued'`),
    index('email_messages_member_idx').on(t.memberId),
    check('email_messages_status_check', sql`${t.status} in ('queued','sent','failed','stored')`),
  ],
);
export type EmailMessageRow = typeof emailMessages.$inferSelect;
