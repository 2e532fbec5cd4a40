import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { POINT_KINDS } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/**
 * The points ledger: append-only. `delta` moves the spendable balance, `lifetime_delta` the lifetime
 * total (levels, leaderboards). members.balance = Σ delta and members.lifetime = Σ lifetime_delta,
 * changed in the same transaction as the insert.
 */
export const pointEntries = pgTable(
  'point_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    delta: integer('delta').notNull(),
    lifetimeDelta: integer('lifetime_delta').notNull(),
    kind: text('kind', { enum: POINT_KINDS }).notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    reason: text('reason').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('point_entries_member_idx').on(t.memberId, t.id.desc()),
    // Leaderboard periods (a week, a season, an event) sum what was earned in a time range.
    index('point_entries_earned_at_idx')
      .on(t.createdAt)
      .where(sql`${t.lifetimeDelta} <> 0`),
    // An award, a reversal or a refund happens at most once per source.
    uniqueIndex('point_entries_source_once')
      .on(t.kind, t.sourceType, t.sourceId)
      .where(sql`${t.sourceId} is not null`),
    uniqueIndex('point_entries_idempotency_key').on(t.idempotencyKey),
    check('point_entries_kind_check', sql`${t.kind} in ('earn','redeem','refund','adjust','expire','reversal')`),
  ],
);
export type PointEntryRow = typeof pointEntries.$inferSelect;
