import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { WebhookEventType } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/**
 * Endpoints that receive the program's events, signed per the Standard Webhooks spec. The secret is
 * kept as it is (the hub signs with it, so it cannot be hashed); after a rotation the previous one
 * keeps signing alongside until `previous_secret_expires_at`.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description'),
  events: text('events').array().$type<WebhookEventType[]>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  disabledReason: text('disabled_reason'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/**
 * One message to one endpoint: written in the transaction that delivers the outbox event (or of an
 * admin's test or replay), sent after the commit by the webhooks worker. `msg_id` is the
 * `webhook-id` header, the same for every attempt and replay of the message. A worker sending it
 * holds it until `locked_until`; a row still `pending` whose hold ran out (a hub killed mid-send) is
 * sent again by the sweep. `dedupe_key` (event and endpoint) keeps an event from being queued twice.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    msgId: text('msg_id').notNull(),
    /** The exact JSON that is signed and sent. */
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastHttpStatus: integer('last_http_status'),
    lastError: text('last_error'),
    responseSnippet: text('response_snippet'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    dedupeKey: text('dedupe_key'),
    replayOf: uuid('replay_of'),
    /** Milliseconds, as the list's keyset cursor carries them. */
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_dedupe_key').on(t.dedupeKey),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc(), t.id.desc()),
    index('webhook_deliveries_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending','succeeded','failed')`),
  ],
);
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
