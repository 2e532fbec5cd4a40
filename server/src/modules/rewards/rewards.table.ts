import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Redemption, RewardVisibility, ShippingAddress } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/** The catalog. `stock` null = unlimited; for code rewards it is the number of codes left. */
export const rewards = pgTable(
  'rewards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type', { enum: ['item', 'code', 'experience', 'donation', 'custom'] }).notNull(),
    description: text('description').notNull().default(''),
    imageUrl: text('image_url'),
    cost: integer('cost').notNull(),
    stock: integer('stock'),
    needsApproval: boolean('needs_approval').notNull().default(false),
    status: text('status', { enum: ['draft', 'published', 'archived'] })
      .notNull()
      .default('draft'),
    limitPerMember: integer('limit_per_member'),
    limitPerPeriod: integer('limit_per_period'),
    limitPeriod: text('limit_period', { enum: ['day', 'week', 'month', 'year'] }),
    minLevelRank: integer('min_level_rank'),
    visibility: jsonb('visibility')
      .$type<RewardVisibility>()
      .notNull()
      .default(sql`'{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb`),
    publishAt: timestamp('publish_at', { withTimezone: true }),
    expireAt: timestamp('expire_at', { withTimezone: true }),
    fulfilmentNote: text('fulfilment_note'),
    featured: boolean('featured').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    lowStockThreshold: integer('low_stock_threshold').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rewards_status_idx').on(t.status),
    check('rewards_cost_positive', sql`${t.cost} > 0`),
    check('rewards_stock_nonnegative', sql`${t.stock} is null or ${t.stock} >= 0`),
    check('rewards_type_check', sql`${t.type} in ('item','code','experience','donation','custom')`),
    check(
      'rewards_period_limit',
      sql`(${t.limitPerPeriod} is null) = (${t.limitPeriod} is null) and (${t.limitPeriod} is null or ${t.limitPeriod} in ('day','week','month','year'))`,
    ),
  ],
);
export type RewardRow = typeof rewards.$inferSelect;

/** A reward's code pool: each code goes to at most one redemption. */
export const rewardCodes = pgTable(
  'reward_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rewardId: uuid('reward_id')
      .notNull()
      .references(() => rewards.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    redemptionId: uuid('redemption_id'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reward_codes_code_key').on(t.rewardId, t.code),
    uniqueIndex('reward_codes_redemption_key').on(t.redemptionId),
    index('reward_codes_free_idx')
      .on(t.rewardId, t.id)
      .where(sql`${t.redemptionId} is null`),
  ],
);

export const redemptions = pgTable(
  'redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    rewardId: uuid('reward_id')
      .notNull()
      .references(() => rewards.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ['requested', 'approved', 'fulfilled', 'declined', 'cancelled'] }).notNull(),
    cost: integer('cost').notNull(),
    note: text('note'),
    adminNote: text('admin_note'),
    /** Erased once the redemption is fulfilled, declined or cancelled. */
    shipping: jsonb('shipping').$type<ShippingAddress>(),
    hadShipping: boolean('had_shipping').notNull().default(false),
    idempotencyKey: text('idempotency_key'),
    /** The answer given to the first request, returned unchanged on a replay of its Idempotency-Key. */
    response: jsonb('response').$type<{ redemption: Redemption; balance: number }>(),
    decidedBy: uuid('decided_by').references(() => members.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('redemptions_member_key').on(t.memberId, t.idempotencyKey),
    index('redemptions_member_idx').on(t.memberId, t.rewardId, t.createdAt),
    index('redemptions_queue_idx').on(t.status, t.createdAt),
    index('redemptions_reward_idx').on(t.rewardId, t.status),
    check('redemptions_status_check', sql`${t.status} in ('requested','approved','fulfilled','declined','cancelled')`),
    check('redemptions_cost_positive', sql`${t.cost} > 0`),
  ],
);
export type RedemptionRow = typeof redemptions.$inferSelect;
