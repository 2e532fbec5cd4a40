import { z } from 'zod';
import { Media } from './media.js';
import { BadgeLook } from './badges.js';
import { keysetCursor } from '../cursors.js';
import { Timestamp } from '../common.js';
import { StageKind } from '../stage-kinds.js';

export const COMPLETION_STATUSES = ['pending', 'approved', 'rejected', 'retry'] as const;
export const CompletionStatus = z.enum(COMPLETION_STATUSES);
export type CompletionStatus = z.infer<typeof CompletionStatus>;

export const CompletionBody = z.object({
  stageId: z.uuid().optional(),
  response: z.record(z.string(), z.unknown()).optional(),
});
export type CompletionBody = z.infer<typeof CompletionBody>;

export const CompletionResult = z.object({
  id: z.uuid(),
  status: CompletionStatus,
  pointsAwarded: z.number().int(),
  feedback: z.string().nullable(),
  challengeCompleted: z.boolean(),
  bonusAwarded: z.number().int(),
  levelUp: z.object({ id: z.uuid(), name: z.string(), rank: z.number().int() }).nullable(),
  badges: z.array(z.object({ id: z.uuid(), name: z.string(), ...BadgeLook.shape })),
  score: z.number().nullable(),
});
export type CompletionResult = z.infer<typeof CompletionResult>;
export const CompletionResponse = z.object({ completion: CompletionResult });

export const ReviewItem = z.object({
  id: z.uuid(),
  member: z.object({ id: z.uuid(), name: z.string(), email: z.string(), company: z.string().nullable() }),
  challenge: z.object({ id: z.uuid(), title: z.string() }),
  stage: z.object({ id: z.uuid(), title: z.string(), kind: StageKind, points: z.number().int() }),
  response: z.record(z.string(), z.unknown()),
  status: CompletionStatus,
  createdAt: Timestamp,
  reviewedAt: Timestamp.nullable(),
  /** Set when an approval was reversed (its points taken back). */
  reversedAt: Timestamp.nullable(),
  reviewer: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  feedback: z.string().nullable(),
  /** Files attached to the response (private proofs: open them through their `url`). */
  attachments: z.array(Media),
});
export type ReviewItem = z.infer<typeof ReviewItem>;
export const ReviewsQuery = z.object({
  status: CompletionStatus.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: keysetCursor.optional(),
});
export const ReviewsResponse = z.object({
  reviews: z.array(ReviewItem),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export const ReviewDecisionBody = z.object({
  decision: z.enum(['approve', 'reject', 'retry']),
  feedback: z.string().trim().max(2000).optional(),
});
export const ReviewDecisionResponse = z.object({ review: ReviewItem });
export const ReverseCompletionBody = z.object({ reason: z.string().trim().min(1, 'Give a reason').max(500) });
