import { z } from 'zod';
import { serialCursor } from '../cursors.js';
import { Timestamp } from '../common.js';

export const POINT_KINDS = ['earn', 'redeem', 'refund', 'adjust', 'expire', 'reversal'] as const;
export const PointKind = z.enum(POINT_KINDS);
export type PointKind = z.infer<typeof PointKind>;

export const PointEntry = z.object({
  id: z.string(),
  delta: z.number().int().describe('Change to the spendable balance'),
  lifetimeDelta: z.number().int().describe('Change to lifetime points (drives levels)'),
  kind: PointKind,
  sourceType: z.string(),
  sourceId: z.string().nullable(),
  reason: z.string().describe('The reason written with the entry'),
  title: z.string().describe('What the points were for, by name: the challenge, the reward, or the reason'),
  detail: z.string().nullable().describe('The step of a challenge with several steps, “Completion bonus”, or null'),
  createdAt: Timestamp,
});
export type PointEntry = z.infer<typeof PointEntry>;
export const PointsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: serialCursor.optional(),
});
export const PointsResponse = z.object({
  entries: z.array(PointEntry),
  nextCursor: z.string().nullable(),
  balance: z.number().int(),
  lifetime: z.number().int(),
});

export const AdjustmentBody = z.object({
  points: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((v) => v !== 0, 'Use a non-zero number of points'),
  reason: z.string().trim().min(3, 'Give a reason').max(500),
});
export const AdjustmentResponse = z.object({
  entry: PointEntry,
  balance: z.number().int(),
  lifetime: z.number().int(),
});
