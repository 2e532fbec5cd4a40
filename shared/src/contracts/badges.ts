import { z } from 'zod';
import { Timestamp } from '../common.js';
import { StageKind } from '../stage-kinds.js';
import { BADGE_DESIGNS, BADGE_TIERS } from '../badge-art.js';

/** A badge's built-in art (`badge-art.ts`): one of the designs in a tier's colours. */
export const BadgeArt = z.object({ design: z.enum(BADGE_DESIGNS), tier: z.enum(BADGE_TIERS) });
export type BadgeArt = z.infer<typeof BadgeArt>;

/**
 * How a badge looks, wherever it is shown: an uploaded picture (`imageUrl`) first, else its built-in
 * art, else (badges from before badge art) the legacy `icon` text, never shown as such.
 */
export const BadgeLook = z.object({
  icon: z.string().nullable(),
  art: BadgeArt.nullable(),
  imageUrl: z.string().nullable(),
});
export type BadgeLook = z.infer<typeof BadgeLook>;

/** An uploaded badge picture: a `/media/…` path of the hub or an http(s) URL. */
const badgeImage = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v) || /^\/media\/[\w.-]+$/.test(v), 'Upload a picture or use an http(s) URL');

/** Declarative badge rules. Each is evaluated in SQL (backfill, "who would qualify") and after every relevant change. */
export const BadgeRule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('challenge_done'), challengeId: z.uuid() }),
  z.object({
    type: z.literal('completions_count'),
    count: z.number().int().min(1).max(10_000),
    stageKind: StageKind.nullable().default(null),
  }),
  z.object({ type: z.literal('level_reached'), rank: z.number().int().min(1).max(100) }),
  z.object({ type: z.literal('weekly_streak'), weeks: z.number().int().min(2).max(104) }),
  z.object({ type: z.literal('manual') }),
]);
export type BadgeRule = z.infer<typeof BadgeRule>;

export const Badge = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  ...BadgeLook.shape,
  rule: BadgeRule,
  archived: z.boolean(),
  holders: z.number().int(),
  createdAt: Timestamp,
});
export type Badge = z.infer<typeof Badge>;
export const BadgesResponse = z.object({ badges: z.array(Badge) });
export const BadgeResponse = z.object({ badge: Badge });
export const CreateBadgeBody = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).nullable().optional(),
  icon: z.string().trim().max(200).nullable().optional(),
  art: BadgeArt.nullable().optional(),
  imageUrl: badgeImage.nullable().optional(),
  rule: BadgeRule,
});
export const CreateBadgeResponse = z.object({ badge: Badge, backfilled: z.number().int() });
export const UpdateBadgeBody = z.object({
  name: z.string().trim().min(1).max(80).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  icon: z.string().trim().max(200).nullable().optional(),
  art: BadgeArt.nullable().optional(),
  imageUrl: badgeImage.nullable().optional(),
  archived: z.boolean().optional(),
});
export const BadgePreviewBody = z.object({ rule: BadgeRule });
export const BadgePreviewResponse = z.object({ qualifying: z.number().int() });
export const BadgeAwardBody = z.object({
  memberId: z.uuid(),
  reason: z.string().trim().min(3, 'Give a reason').max(500),
});
export const BadgeHolder = z.object({
  memberId: z.uuid(),
  name: z.string(),
  email: z.string(),
  grantedAt: Timestamp,
  reason: z.string().nullable(),
  revokedAt: Timestamp.nullable(),
  revokedReason: z.string().nullable(),
});
export const BadgeHoldersResponse = z.object({ holders: z.array(BadgeHolder) });

/** A badge as a member sees it: earned, or how far along. */
export const MyBadge = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  ...BadgeLook.shape,
  earnedAt: Timestamp.nullable(),
  progress: z.object({ current: z.number().int(), target: z.number().int() }).nullable(),
});
export const MyBadgesResponse = z.object({ badges: z.array(MyBadge) });
