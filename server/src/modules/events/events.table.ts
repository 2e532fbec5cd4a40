import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { IntegrationEventStatus, IntegrationEventType } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';
import { apiKeys } from '../integrations/integrations.table.js';

/**
 * Events external systems sent (`POST /api/events`) or an admin imported from CSV: one row per applied
 * event, and one per refused one (for the log). An applied event holds its idempotency key unique per
 * key scope (the API key's id, or `import` for CSV rows): inserted first in the command's transaction
 * with ON CONFLICT DO NOTHING, so a key is applied exactly once however many requests race with it,
 * and a replay answers from `response`. Refused events keep no claim on their key (a retry may succeed).
 */
export const integrationEvents = pgTable(
  'integration_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source', { enum: ['api', 'import'] }).notNull(),
    /** The API key's id, or `import`: idempotency keys are unique within one scope. */
    keyScope: text('key_scope').notNull(),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key'),
    /** SHA-256 of the canonical request: the same key with another body is refused (409). */
    requestHash: text('request_hash').notNull(),
    type: text('type').$type<IntegrationEventType>().notNull(),
    email: text('email').notNull(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    status: text('status').$type<IntegrationEventStatus>().notNull(),
    httpStatus: integer('http_status').notNull(),
    /** The event as answered (IntegrationEvent), replayed as it is. */
    response: jsonb('response').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('integration_events_key_once')
      .on(t.keyScope, t.idempotencyKey)
      .where(sql`${t.status} <> 'failed'`),
    index('integration_events_created_idx').on(t.createdAt.desc(), t.id.desc()),
  ],
);
export type IntegrationEventRow = typeof integrationEvents.$inferSelect;
