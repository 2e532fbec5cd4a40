import { z } from 'zod';
import { keysetCursor } from '../cursors.js';
import { Timestamp } from '../common.js';
import { markdown } from '../fields.js';

/**
 * Rewards and redemptions. Points buy rewards; a redemption debits the balance at once and is
 * refunded exactly once if it is declined or cancelled. Stock never goes below zero; a code from a
 * pool is handed out exactly once.
 */
export const REWARD_TYPES = ['item', 'code', 'experience', 'donation', 'custom'] as const;
export const RewardType = z.enum(REWARD_TYPES);
export type RewardType = z.infer<typeof RewardType>;
export const RewardStatus = z.enum(['draft', 'published', 'archived']);
export type RewardStatus = z.infer<typeof RewardStatus>;
export const REDEMPTION_STATUSES = ['requested', 'approved', 'fulfilled', 'declined', 'cancelled'] as const;
export const RedemptionStatus = z.enum(REDEMPTION_STATUSES);
export type RedemptionStatus = z.infer<typeof RedemptionStatus>;
export const LimitPeriod = z.enum(['day', 'week', 'month', 'year']);
export type LimitPeriod = z.infer<typeof LimitPeriod>;

export const RewardErrorCode = {
  notFound: 'rewards.not_found',
  outOfStock: 'rewards.out_of_stock',
  limitReached: 'rewards.limit_reached',
  periodLimitReached: 'rewards.period_limit_reached',
  insufficientPoints: 'rewards.insufficient_points',
  locked: 'rewards.locked',
  shippingRequired: 'rewards.shipping_required',
  idempotencyKeyReused: 'rewards.idempotency_key_reused',
  notCodeReward: 'rewards.not_a_code_reward',
  badCsv: 'rewards.bad_csv',
  stockBelowIssued: 'rewards.stock_for_codes',
  redemptionNotFound: 'redemptions.not_found',
  badTransition: 'redemptions.invalid_transition',
} as const;

const url = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v) || v.startsWith('/'), 'Use an http(s) URL or a path');

export const RewardVisibility = z.object({
  includeSegmentIds: z.array(z.uuid()).max(50).default([]),
  includeGroupIds: z.array(z.uuid()).max(50).default([]),
  excludeSegmentIds: z.array(z.uuid()).max(50).default([]),
  excludeGroupIds: z.array(z.uuid()).max(50).default([]),
});
export type RewardVisibility = z.infer<typeof RewardVisibility>;

const RewardFields = z.object({
  name: z.string().trim().min(1).max(120),
  type: RewardType,
  description: markdown(20_000).optional(),
  imageUrl: url.nullable().optional(),
  cost: z.number().int().min(1).max(10_000_000),
  /** null = unlimited. For code rewards the stock is the number of codes left in the pool. */
  stock: z.number().int().min(0).max(1_000_000).nullable(),
  needsApproval: z.boolean().optional(),
  status: RewardStatus.optional(),
  /** Redemptions per member, ever (null = no limit). */
  limitPerMember: z.number().int().min(1).max(1000).nullable().optional(),
  /** Redemptions per member within a calendar period in the program time zone. */
  limitPerPeriod: z.number().int().min(1).max(1000).nullable().optional(),
  limitPeriod: LimitPeriod.nullable().optional(),
  minLevelRank: z.number().int().min(1).nullable().optional(),
  visibility: RewardVisibility.partial().optional(),
  publishAt: z.iso.datetime({ offset: true }).nullable().optional(),
  expireAt: z.iso.datetime({ offset: true }).nullable().optional(),
  /** Shown to the member after redeeming (how fulfilment works, what happens next). */
  fulfilmentNote: z.string().trim().max(2000).nullable().optional(),
  featured: z.boolean().optional(),
  sortOrder: z.number().int().min(-1000).max(1000).optional(),
  /** Remaining count at or below which the admin sees "low stock". */
  lowStockThreshold: z.number().int().min(0).max(100_000).optional(),
});
export const CreateRewardBody = RewardFields;
export type CreateRewardBody = z.infer<typeof CreateRewardBody>;
export const UpdateRewardBody = RewardFields.partial();
export type UpdateRewardBody = z.infer<typeof UpdateRewardBody>;

export const AdminReward = z.object({
  id: z.uuid(),
  name: z.string(),
  type: RewardType,
  description: z.string(),
  imageUrl: z.string().nullable(),
  cost: z.number().int(),
  stock: z.number().int().nullable(),
  needsApproval: z.boolean(),
  status: RewardStatus,
  limitPerMember: z.number().int().nullable(),
  limitPerPeriod: z.number().int().nullable(),
  limitPeriod: LimitPeriod.nullable(),
  minLevelRank: z.number().int().nullable(),
  visibility: RewardVisibility,
  publishAt: Timestamp.nullable(),
  expireAt: Timestamp.nullable(),
  fulfilmentNote: z.string().nullable(),
  featured: z.boolean(),
  sortOrder: z.number().int(),
  lowStockThreshold: z.number().int(),
  lowStock: z.boolean(),
  /** Live redemptions (not declined or cancelled). */
  redeemedCount: z.number().int(),
  /** Redemptions waiting for an admin (requested). */
  pendingCount: z.number().int(),
  codes: z.object({ total: z.number().int(), remaining: z.number().int() }).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AdminReward = z.infer<typeof AdminReward>;
export const AdminRewardResponse = z.object({ reward: AdminReward });
export const AdminRewardsQuery = z.object({
  status: RewardStatus.optional(),
  q: z.string().trim().max(200).optional(),
});
export const AdminRewardsResponse = z.object({ rewards: z.array(AdminReward) });

/** POST /api/admin/rewards/:id/codes — CSV text, one code per row (first column; a header `code` is skipped). */
export const UploadCodesBody = z.object({ csv: z.string().min(1).max(2_000_000) });
export const UploadCodesResponse = z.object({
  added: z.number().int(),
  duplicates: z.number().int(),
  /** Codes left to hand out after the upload (= the reward's stock). */
  remaining: z.number().int(),
  total: z.number().int(),
});

/** Why a reward cannot be redeemed right now (null = it can). */
export const RewardBlock = z.enum([
  'insufficient_points',
  'out_of_stock',
  'limit_reached',
  'period_limit_reached',
  'locked',
]);
export type RewardBlock = z.infer<typeof RewardBlock>;

export const RewardView = z.object({
  id: z.uuid(),
  name: z.string(),
  type: RewardType,
  description: z.string(),
  imageUrl: z.string().nullable(),
  cost: z.number().int(),
  /** Remaining stock, null = unlimited. */
  stock: z.number().int().nullable(),
  lowStock: z.boolean(),
  /** Whether this member's redemption waits for an admin (the reward asks for it, or the member is not trusted). */
  needsApproval: z.boolean(),
  featured: z.boolean(),
  fulfilmentNote: z.string().nullable(),
  minLevel: z.object({ rank: z.number().int(), name: z.string() }).nullable(),
  limitPerMember: z.number().int().nullable(),
  limitPerPeriod: z.number().int().nullable(),
  limitPeriod: LimitPeriod.nullable(),
  expireAt: Timestamp.nullable(),
  /** My live redemptions of it, in all. */
  myRedemptions: z.number().int(),
  affordable: z.boolean(),
  /** Points still needed (0 when affordable). */
  pointsToGo: z.number().int(),
  blocked: RewardBlock.nullable(),
  /** When a period limit blocks, when it frees up. */
  availableAgainAt: Timestamp.nullable(),
});
export type RewardView = z.infer<typeof RewardView>;
export const RewardsResponse = z.object({ rewards: z.array(RewardView), balance: z.number().int() });
export const RewardResponse = z.object({ reward: RewardView, balance: z.number().int() });

export const ShippingAddress = z.object({
  name: z.string().trim().min(1).max(120),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(120),
  region: z.string().trim().max(120).optional(),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().trim().min(2).max(80),
  phone: z.string().trim().max(40).optional(),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const RedeemBody = z.object({
  /** Required for shipped items; erased once the item is fulfilled, declined or cancelled. */
  shipping: ShippingAddress.optional(),
  note: z.string().trim().max(1000).optional(),
});
export type RedeemBody = z.infer<typeof RedeemBody>;

export const Redemption = z.object({
  id: z.uuid(),
  status: RedemptionStatus,
  reward: z.object({ id: z.uuid(), name: z.string(), type: RewardType, imageUrl: z.string().nullable() }),
  cost: z.number().int(),
  /** The code from the pool, once the redemption is approved or fulfilled. */
  code: z.string().nullable(),
  note: z.string().nullable(),
  /** The admin's note: why declined, or tracking / fulfilment details. */
  adminNote: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  hasShipping: z.boolean(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  fulfilledAt: Timestamp.nullable(),
  refunded: z.boolean(),
});
export type Redemption = z.infer<typeof Redemption>;
export const RedemptionResponse = z.object({ redemption: Redemption, balance: z.number().int() });
export const MyRedemptionsResponse = z.object({ redemptions: z.array(Redemption), nextCursor: z.string().nullable() });

export const AdminRedemption = Redemption.extend({
  member: z.object({ id: z.uuid(), name: z.string(), email: z.string(), trusted: z.boolean() }),
  shipping: ShippingAddress.nullable(),
  decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type AdminRedemption = z.infer<typeof AdminRedemption>;
export const AdminRedemptionsQuery = z.object({
  status: RedemptionStatus.optional(),
  rewardId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: keysetCursor.optional(),
});
export type AdminRedemptionsQuery = z.infer<typeof AdminRedemptionsQuery>;
export const AdminRedemptionsResponse = z.object({
  redemptions: z.array(AdminRedemption),
  nextCursor: z.string().nullable(),
  counts: z.record(RedemptionStatus, z.number().int()),
});

export const RedemptionDecision = z.enum(['approve', 'decline', 'fulfil', 'cancel']);
export type RedemptionDecision = z.infer<typeof RedemptionDecision>;
export const RedemptionDecisionBody = z.object({
  decision: RedemptionDecision,
  /** Decline reason or fulfilment / tracking note, shown to the member. */
  note: z.string().trim().max(2000).optional(),
});
export const AdminRedemptionResponse = z.object({ redemption: AdminRedemption });
export const BulkRedemptionBody = RedemptionDecisionBody.extend({ ids: z.array(z.uuid()).min(1).max(200) });
export const BulkRedemptionResponse = z.object({
  results: z.array(
    z.object({
      id: z.uuid(),
      ok: z.boolean(),
      status: RedemptionStatus.nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});

export const LiabilityResponse = z.object({
  /** Σ balances of members who can still spend (not suspended). */
  pointsOutstanding: z.number().int(),
  /** Points debited for redemptions not fulfilled yet (requested or approved). */
  pointsCommitted: z.number().int(),
  /** What one point is worth, in `currency` (program setting). */
  pointValue: z.number(),
  currency: z.string(),
  /** pointsOutstanding × pointValue, rounded to cents. */
  liability: z.number(),
  committed: z.number(),
});
export type LiabilityResponse = z.infer<typeof LiabilityResponse>;
