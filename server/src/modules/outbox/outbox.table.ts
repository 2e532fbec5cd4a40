import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Domain events that must leave the process (notifications now; email and webhooks later). A row is
 * written in the transaction of the command that raised the event, so a committed command always has
 * its events; the relay's pg-boss worker delivers it afterwards, running its handlers in the same
 * transaction that sets `delivered_at`, so a delivery that is retried never takes effect twice.
 */
export const outbox = pgTable(
  'outbox',
  {
    /** Also the id of its delivery job, so queueing a row twice makes one job. */
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Deliveries tried, the successful one included. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set when the retries ran out; the sweep leaves such a row alone until it is cleared. */
    deadAt: timestamp('dead_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.deliveredAt} is null and ${t.deadAt} is null`),
  ],
);
export type OutboxRow = typeof outbox.$inferSelect;
