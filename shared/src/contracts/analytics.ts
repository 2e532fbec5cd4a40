import { z } from 'zod';
import { Timestamp } from '../common.js';

/**
 * Program analytics: the dashboard, the value of advocacy, and the advocacy leak (enthusiastic
 * members who do not act yet) with its one-click activation.
 */

export const AnalyticsErrorCode = {
  badRange: 'analytics.bad_range',
  segmentNotFound: 'analytics.segment_not_found',
  challengeNotFound: 'analytics.challenge_not_found',
  emptyCohort: 'analytics.empty_cohort',
  idempotencyKeyReused: 'analytics.idempotency_key_reused',
} as const;

/**
 * Types of acts of advocacy. An act is one of:
 * - a completed round of an advocacy challenge (category `advocacy` or `social`, or one with a
 *   review, share-link or referral step, or one the admin gave a type): its type is the one the
 *   admin gave the challenge, else `referral` / `review` / `social_share` by its steps, else
 *   `social_share` for the social category, else `other`;
 * - a reference ask completed (`reference`);
 * - a referral reaching `qualified` (or `won` without passing `qualified`) (`referral_qualified`).
 */
export const ACT_TYPES = [
  'review',
  'social_share',
  'referral',
  'referral_qualified',
  'reference',
  'case_study',
  'talk',
  'testimonial',
  'other',
] as const;
export const ActType = z.enum(ACT_TYPES);
export type ActType = z.infer<typeof ActType>;

export const ACT_TYPE_LABELS: Record<ActType, string> = {
  review: 'Review',
  social_share: 'Social share',
  referral: 'Referral submitted',
  referral_qualified: 'Referral qualified',
  reference: 'Reference',
  case_study: 'Case study',
  talk: 'Talk / speaking',
  testimonial: 'Testimonial',
  other: 'Other advocacy',
};

/** The definitions the API and the screens share (help text and OpenAPI descriptions). */
export const ANALYTICS_DEFINITIONS = {
  population:
    'Members with the advocate role (staff-only accounts are left out); a segment filter keeps the segment’s members among them.',
  invited: 'Member records created in the range (invites, join codes, imports).',
  joined: 'Members who accepted their invite or signed up in the range.',
  active:
    'Members who submitted a challenge step, posted in the community or requested a reward in the last 7/30/90 days up to the end of the range.',
  engaged: 'Members who did an act of advocacy in the last 7/30/90 days up to the end of the range.',
  act: 'An act of advocacy: a completed advocacy challenge (review, social share, referral, case study, talk, testimonial, reference call…), a reference ask completed, or a referral that qualified.',
  completions: 'Challenge steps approved and challenges completed in the range.',
  points:
    'Issued: points earned or added by admins in the range. Redeemed: points spent on rewards in the range, less refunds. Outstanding: the sum of balances now (the reward liability).',
  funnel:
    'Among all members up to the end of the range: invited → joined → completed a first challenge → did a first act of advocacy → did at least two.',
  retention:
    'Members grouped by the month they joined (program time zone); each cell is the share of the cohort active in that month since joining.',
  turnaround:
    'Review: from a submitted step to its decision. Redemption: from the request to fulfilment or decline. Median and 90th percentile, in hours, of those decided in the range.',
  leak: 'Members with an enthusiasm signal — last NPS 9–10, a 4 or 5 on a survey scale question in the last 180 days, or at least 3 non-advocacy completions or community posts in the last 30 days — and no act of advocacy in the last N days.',
} as const;

const isoDate = z.iso.date();

export const AnalyticsQuery = z.object({
  from: isoDate.optional().describe('First day of the range (program time zone); default 89 days before `to`'),
  to: isoDate.optional().describe('Last day of the range (program time zone); default today'),
  segmentId: z.uuid().optional().describe('Count only this segment’s members'),
});
export type AnalyticsQuery = z.infer<typeof AnalyticsQuery>;

const int = z.number().int();
const Windowed = z.object({ d7: int, d30: int, d90: int });

export const ActTypeRow = z.object({
  type: ActType,
  label: z.string(),
  count: int,
  valueCents: int.describe('Value of one act of this type'),
  totalCents: int,
});
export const FunnelStep = z.object({ step: z.string(), label: z.string(), count: int });
export const RetentionRow = z.object({
  cohort: z.string().describe('Join month, YYYY-MM'),
  size: int,
  /** Share active (0–1) in month 0, 1, 2… since joining, up to the end of the range. */
  shares: z.array(z.number()),
});
export const TopChallenge = z.object({ id: z.uuid(), title: z.string(), completions: int, members: int });
export const Turnaround = z.object({
  decided: int,
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
});
export const PointsDay = z.object({ day: z.string(), issued: int, redeemed: int });

export const AnalyticsOverview = z.object({
  range: z.object({ from: z.string(), to: z.string(), timezone: z.string(), segmentId: z.uuid().nullable() }),
  currency: z.string(),
  members: z.object({
    population: int,
    invited: int,
    joined: int,
    active: Windowed,
    engaged: Windowed,
  }),
  acts: z.object({ total: int, totalCents: int, byType: z.array(ActTypeRow) }),
  completions: z.object({ steps: int, challenges: int }),
  points: z.object({
    issued: int,
    redeemed: int,
    outstanding: int,
    pointValue: z.number().describe('Value of one point in the currency (program settings)'),
    outstandingCents: int,
    byDay: z.array(PointsDay),
  }),
  funnel: z.array(FunnelStep),
  retention: z.array(RetentionRow),
  topChallenges: z.array(TopChallenge),
  turnaround: z.object({ review: Turnaround, redemption: Turnaround }),
});
export type AnalyticsOverview = z.infer<typeof AnalyticsOverview>;
export const AnalyticsOverviewResponse = z.object({ overview: AnalyticsOverview });

export const EXPORT_TABLES = [
  'members',
  'acts',
  'points',
  'funnel',
  'retention',
  'top_challenges',
  'turnaround',
] as const;
export const ExportTable = z.enum(EXPORT_TABLES);
export const AnalyticsExportQuery = AnalyticsQuery.extend({ table: ExportTable });

// ------------------------------------------------------------------ values

export const ActValue = z.object({ type: ActType, label: z.string(), valueCents: int.min(0) });
export const ChallengeActType = z.object({
  challengeId: z.uuid(),
  title: z.string(),
  category: z.string(),
  /** What the admin set; null = derived from the steps and category. */
  type: ActType.nullable(),
  /** The type its completions count as now (null: not an act of advocacy). */
  effectiveType: ActType.nullable(),
});
export const AnalyticsValues = z.object({
  currency: z.string(),
  values: z.array(ActValue),
  challenges: z.array(ChallengeActType),
});
export type AnalyticsValues = z.infer<typeof AnalyticsValues>;
export const AnalyticsValuesResponse = z.object({ values: AnalyticsValues });
export const AnalyticsValuesBody = z.object({
  values: z
    .array(z.object({ type: ActType, valueCents: z.number().int().min(0).max(100_000_000) }))
    .max(ACT_TYPES.length)
    .optional(),
  challenges: z
    .array(z.object({ challengeId: z.uuid(), type: ActType.nullable() }))
    .max(500)
    .optional(),
});
export type AnalyticsValuesBody = z.infer<typeof AnalyticsValuesBody>;

// ------------------------------------------------------------------ leak

export const LeakQuery = z.object({
  days: z.coerce.number().int().min(1).max(730).default(90),
  segmentId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LeakQuery = z.infer<typeof LeakQuery>;
export const LeakSignals = z.object({
  nps: int.nullable().describe('Last NPS score when 9 or 10'),
  positiveSurveys: int.describe('Survey answers of 4 or more on a scale question, last 180 days'),
  recentActivity: int.describe('Non-advocacy completions and community posts, last 30 days'),
});
export const LeakMember = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  company: z.string().nullable(),
  signals: LeakSignals,
  lastActAt: Timestamp.nullable(),
});
export type LeakMember = z.infer<typeof LeakMember>;
export const LeakResponse = z.object({
  days: int,
  total: int,
  segments: z.array(z.object({ id: z.uuid(), name: z.string(), count: int })),
  members: z.array(LeakMember),
  nextOffset: int.nullable(),
});
export type LeakResponse = z.infer<typeof LeakResponse>;

export const ActivationBody = z
  .object({
    days: z.number().int().min(1).max(730).default(90),
    segmentId: z.uuid().nullable().optional(),
    challengeId: z.uuid().optional(),
    ladder: z.array(z.uuid()).min(1).max(5).optional(),
    message: z.string().trim().max(500).optional(),
  })
  .refine((b) => !(b.challengeId && b.ladder), { message: 'Send a challenge or a ladder, not both' });
export type ActivationBody = z.infer<typeof ActivationBody>;

export const ActivationStep = z.object({ challengeId: z.uuid(), title: z.string(), completed: int });
export const Activation = z.object({
  id: z.uuid(),
  days: int,
  segmentId: z.uuid().nullable(),
  segmentName: z.string().nullable(),
  groupId: z.uuid().nullable(),
  cohortSize: int,
  activated: int.describe('Cohort members with an act of advocacy since the activation'),
  steps: z.array(ActivationStep),
  createdAt: Timestamp,
});
export type Activation = z.infer<typeof Activation>;
export const ActivationResponse = z.object({ activation: Activation });
export const ActivationsResponse = z.object({ activations: z.array(Activation) });
