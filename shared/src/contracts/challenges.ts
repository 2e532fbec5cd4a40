import { z } from 'zod';
import { Timestamp } from '../common.js';
import { markdown, text } from '../fields.js';
import { StageKind } from '../stage-kinds.js';
import { CompletionStatus } from './completions.js';

export const CHALLENGE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ChallengeStatus = z.enum(CHALLENGE_STATUSES);
export type ChallengeStatus = z.infer<typeof ChallengeStatus>;

export const StageInput = z.object({
  /** Set when editing an existing stage (keeps its completions); left out for a new stage. */
  id: z.uuid().optional(),
  kind: StageKind,
  title: text(200),
  body: markdown(10_000).optional(),
  points: z.number().int().min(0).max(1_000_000),
  needsReview: z.boolean().optional(),
  /** Per-kind settings; `kind` inside is filled from the stage's kind when left out. */
  config: z.record(z.string(), z.unknown()).optional(),
});
export type StageInput = z.infer<typeof StageInput>;

export const RepeatRule = z.object({
  mode: z.enum(['once', 'times', 'daily']),
  /** times: how many times in all; daily: how many per day (program time zone). */
  limit: z.number().int().min(1).max(1000).optional(),
});
export type RepeatRule = z.infer<typeof RepeatRule>;

export const Targeting = z.object({
  includeSegmentIds: z.array(z.uuid()).max(50).default([]),
  includeGroupIds: z.array(z.uuid()).max(50).default([]),
  excludeSegmentIds: z.array(z.uuid()).max(50).default([]),
  excludeGroupIds: z.array(z.uuid()).max(50).default([]),
});
export type Targeting = z.infer<typeof Targeting>;

export const Prerequisites = z.object({
  challengeIds: z.array(z.uuid()).max(20).default([]),
  minLevelRank: z.number().int().min(1).nullable().default(null),
});
export type Prerequisites = z.infer<typeof Prerequisites>;

export const CreateChallengeBody = z.object({
  title: text(200),
  description: markdown(20_000).optional(),
  category: z.enum(['fun', 'educational', 'advocacy', 'feedback', 'social', 'event']).default('advocacy'),
  stages: z.array(StageInput).min(1).max(20),
  repeat: RepeatRule.optional(),
  maxCompletions: z.number().int().min(1).nullable().optional(),
  completionBonus: z.number().int().min(0).max(1_000_000).optional(),
  status: z.enum(['draft', 'published']).optional(),
  publishAt: z.iso.datetime({ offset: true }).nullable().optional(),
  expireAt: z.iso.datetime({ offset: true }).nullable().optional(),
  featured: z.boolean().optional(),
  sortOrder: z.number().int().min(-1000).max(1000).optional(),
  imageUrl: z.string().max(2000).nullable().optional(),
  targeting: Targeting.partial().optional(),
  prerequisites: Prerequisites.partial().optional(),
  badgeId: z.uuid().nullable().optional(),
});
export type CreateChallengeBody = z.infer<typeof CreateChallengeBody>;
export const UpdateChallengeBody = CreateChallengeBody.partial().extend({ status: ChallengeStatus.optional() });
export type UpdateChallengeBody = z.infer<typeof UpdateChallengeBody>;

export const Stage = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: StageKind,
  title: z.string(),
  body: z.string().nullable(),
  points: z.number().int(),
  needsReview: z.boolean(),
  /** Admin view: full config. Advocate view: config without answers or secret codes. */
  config: z.record(z.string(), z.unknown()),
});
export type Stage = z.infer<typeof Stage>;

export const AdminChallenge = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string(),
  status: ChallengeStatus,
  stages: z.array(Stage),
  repeat: RepeatRule,
  maxCompletions: z.number().int().nullable(),
  completionsCount: z.number().int(),
  completionBonus: z.number().int(),
  publishAt: Timestamp.nullable(),
  expireAt: Timestamp.nullable(),
  featured: z.boolean(),
  sortOrder: z.number().int(),
  imageUrl: z.string().nullable(),
  targeting: Targeting,
  prerequisites: Prerequisites,
  badgeId: z.uuid().nullable(),
  totalPoints: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AdminChallenge = z.infer<typeof AdminChallenge>;
export const AdminChallengeResponse = z.object({ challenge: AdminChallenge });
export const AdminChallengesQuery = z.object({
  status: ChallengeStatus.optional(),
  q: z.string().trim().max(200).optional(),
});
export const AdminChallengesResponse = z.object({ challenges: z.array(AdminChallenge) });

/** Where the member stands on a challenge. */
export const MyChallengeStatus = z.enum([
  'available', // can start or continue now
  'in_progress', // some stages done in the current round
  'pending_review', // waiting for the program team
  'completed', // done as often as allowed (or today's cap reached: see `availableAgainAt`)
  'locked', // prerequisites not met
  'full', // the global cap is reached
]);
export type MyChallengeStatus = z.infer<typeof MyChallengeStatus>;

export const StageProgress = z.object({
  stageId: z.uuid(),
  status: CompletionStatus.nullable(),
  feedback: z.string().nullable(),
  attempts: z.number().int(),
});

export const ChallengeView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string(),
  imageUrl: z.string().nullable(),
  featured: z.boolean(),
  expireAt: Timestamp.nullable(),
  totalPoints: z.number().int(),
  completionBonus: z.number().int(),
  repeat: RepeatRule,
  stages: z.array(Stage),
  myStatus: MyChallengeStatus,
  myCompletions: z.number().int(),
  availableAgainAt: Timestamp.nullable(),
  lockedReason: z.string().nullable(),
  progress: z.array(StageProgress),
  /** Higher = shown first: targeted, not done, helps reach the next level. */
  recommendation: z.number(),
  /** The level rank this challenge needs (a prerequisite), or null. */
  minLevelRank: z.number().int().nullable().optional(),
});
export type ChallengeView = z.infer<typeof ChallengeView>;
export const ChallengesResponse = z.object({ challenges: z.array(ChallengeView) });
export const ChallengeResponse = z.object({ challenge: ChallengeView });
