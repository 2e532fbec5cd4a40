import { z } from 'zod';
import { Timestamp } from '../common.js';

/**
 * Segments: saved rules over member fields. A rule is a list of conditions joined by "all" or
 * "any"; an empty list matches every member. The server evaluates a rule both in SQL (counts,
 * member lists) and in memory (a member's feed); a property test keeps the two in agreement.
 */
export const SEGMENT_TEXT_FIELDS = ['company', 'title', 'industry', 'region', 'persona'] as const;
export const SEGMENT_LIST_FIELDS = ['products', 'tags'] as const;
export type SegmentTextField = (typeof SEGMENT_TEXT_FIELDS)[number];
export type SegmentListField = (typeof SEGMENT_LIST_FIELDS)[number];

const value = z.string().trim().min(1).max(200);
const values = z.array(value).min(1).max(50);

/** company / title / industry / region / persona; `is`, `is_not`, `contains` ignore case. */
export const TextCondition = z.discriminatedUnion('op', [
  z.object({ field: z.enum(SEGMENT_TEXT_FIELDS), op: z.enum(['is', 'is_not', 'contains']), values }),
  z.object({ field: z.enum(SEGMENT_TEXT_FIELDS), op: z.enum(['is_set', 'is_not_set']) }),
]);
/** products / tags: exact values. */
export const ListCondition = z.object({
  field: z.enum(SEGMENT_LIST_FIELDS),
  op: z.enum(['has_any', 'has_all', 'has_none']),
  values,
});
/** Level by lifetime points: at least / at most / exactly the given level. */
export const LevelCondition = z.object({
  field: z.literal('level'),
  op: z.enum(['at_least', 'at_most', 'is']),
  levelId: z.uuid(),
});
export const LifetimeCondition = z.object({
  field: z.literal('lifetime'),
  op: z.enum(['at_least', 'at_most']),
  value: z.number().int().min(0).max(1_000_000_000),
});
export const GroupsCondition = z.object({
  field: z.literal('groups'),
  op: z.enum(['in_any', 'in_none']),
  groupIds: z.array(z.uuid()).min(1).max(50),
});
/** Joined date: before / on-or-after a calendar day in the program time zone, or relative in days. */
export const JoinedCondition = z.discriminatedUnion('op', [
  z.object({
    field: z.literal('joined'),
    op: z.enum(['before', 'after']),
    date: z.iso.date(),
  }),
  z.object({
    field: z.literal('joined'),
    op: z.enum(['within_days', 'over_days']),
    days: z.number().int().min(1).max(3650),
  }),
]);
/** Last NPS answer: promoter 9–10, passive 7–8, detractor 0–6, unanswered, or a bound. */
export const NpsCondition = z.discriminatedUnion('op', [
  z.object({ field: z.literal('last_nps'), op: z.enum(['promoter', 'passive', 'detractor', 'unanswered']) }),
  z.object({
    field: z.literal('last_nps'),
    op: z.enum(['at_least', 'at_most']),
    value: z.number().int().min(0).max(10),
  }),
]);

export const SegmentCondition = z.union([
  TextCondition,
  ListCondition,
  LevelCondition,
  LifetimeCondition,
  GroupsCondition,
  JoinedCondition,
  NpsCondition,
]);
export type SegmentCondition = z.infer<typeof SegmentCondition>;

export const SegmentRule = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(SegmentCondition).max(30).default([]),
});
export type SegmentRule = z.infer<typeof SegmentRule>;

export const Segment = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  rule: SegmentRule,
  /** Active members matching now. */
  memberCount: z.number().int(),
  /** Challenges whose targeting names this segment. */
  usedBy: z.array(z.object({ id: z.uuid(), title: z.string() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Segment = z.infer<typeof Segment>;
export const SegmentsResponse = z.object({ segments: z.array(Segment) });
export const SegmentResponse = z.object({ segment: Segment });
export const SegmentBody = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).nullable().optional(),
  rule: SegmentRule,
});
export type SegmentBody = z.infer<typeof SegmentBody>;

export const SegmentMember = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  company: z.string().nullable(),
  lifetime: z.number().int(),
});
/** POST /api/admin/segments/preview — the live count while a rule is edited. */
export const SegmentPreviewBody = z.object({ rule: SegmentRule });
export const SegmentPreviewResponse = z.object({
  /** Active members matching the rule. */
  count: z.number().int(),
  /** All active members, for "N of M". */
  total: z.number().int(),
  /** Up to 10 matching members, by name. */
  sample: z.array(SegmentMember),
});
export type SegmentPreviewResponse = z.infer<typeof SegmentPreviewResponse>;
export const SegmentMembersQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const SegmentMembersResponse = z.object({ members: z.array(SegmentMember), count: z.number().int() });

/** GET /api/admin/segments/values — values in use, for the rule builder's suggestions. */
export const SegmentValuesResponse = z.object({
  fields: z.record(
    z.enum([...SEGMENT_TEXT_FIELDS, ...SEGMENT_LIST_FIELDS]),
    z.array(z.object({ value: z.string(), count: z.number().int() })),
  ),
});
export type SegmentValuesResponse = z.infer<typeof SegmentValuesResponse>;

/** POST /api/admin/challenges/audience — how many active members a targeting would reach. */
export const AudienceBody = z.object({
  includeSegmentIds: z.array(z.uuid()).max(50).default([]),
  includeGroupIds: z.array(z.uuid()).max(50).default([]),
  excludeSegmentIds: z.array(z.uuid()).max(50).default([]),
  excludeGroupIds: z.array(z.uuid()).max(50).default([]),
});
export const AudienceResponse = z.object({ count: z.number().int(), total: z.number().int() });

export const SegmentErrorCode = {
  notFound: 'segments.not_found',
  nameTaken: 'segments.name_taken',
  inUse: 'segments.in_use',
  unknownReference: 'segments.unknown_reference',
} as const;
