import { z } from 'zod';
import { Timestamp } from '../common.js';

/** What an advocate can be asked to do for a prospect: the reference activities. */
export const REFERENCE_ACTIVITIES = [
  'call',
  'site_visit',
  'case_study',
  'speaking',
  'analyst_briefing',
  'press',
] as const;
export const ReferenceActivity = z.enum(REFERENCE_ACTIVITIES);
export type ReferenceActivity = z.infer<typeof ReferenceActivity>;

export const COMPANY_SIZES = ['1-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;
export const CompanySize = z.enum(COMPANY_SIZES);
export type CompanySize = z.infer<typeof CompanySize>;

/**
 * Every kind of ask the fatigue ledger counts: the reference activities, and the other asks a
 * program makes of a person (a referral, a review).
 */
export const ASK_KINDS = [...REFERENCE_ACTIVITIES, 'referral', 'review'] as const;
export const AskKind = z.enum(ASK_KINDS);
export type AskKind = z.infer<typeof AskKind>;

const Label = z.string().trim().min(1).max(80);
const DateOnly = z.iso.date().describe('YYYY-MM-DD');

export const BlackoutRange = z
  .object({ from: DateOnly, to: DateOnly })
  .refine((r) => r.from <= r.to, { message: 'A blackout ends on or after its start', path: ['to'] });

/** An advocate's reference profile: opting in, and what they may be asked for. */
export const ReferenceProfileBody = z.object({
  optedIn: z.boolean(),
  products: z.array(Label).max(30).default([]),
  industry: Label.nullable().default(null),
  region: Label.nullable().default(null),
  companySize: CompanySize.nullable().default(null),
  activities: z.array(ReferenceActivity).max(REFERENCE_ACTIVITIES.length).default([]),
  languages: z.array(z.string().trim().min(2).max(35)).max(10).default([]),
  blackouts: z.array(BlackoutRange).max(20).default([]),
  note: z.string().trim().max(1000).nullable().default(null),
});
export type ReferenceProfileBody = z.infer<typeof ReferenceProfileBody>;
export const ReferenceProfile = ReferenceProfileBody.extend({
  /** The account the person's asks count against (their company; else their email's domain). */
  account: z.string(),
  updatedAt: Timestamp.nullable(),
});
export type ReferenceProfile = z.infer<typeof ReferenceProfile>;
export const ReferenceProfileResponse = z.object({ profile: ReferenceProfile });

export const REQUEST_STATUSES = ['open', 'fulfilled', 'cancelled'] as const;
export const ReferenceRequestBody = z.object({
  opportunity: z.string().trim().min(1).max(200),
  prospectCompany: z.string().trim().max(200).nullable().default(null),
  amount: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
  product: Label,
  industry: Label.nullable().default(null),
  region: Label.nullable().default(null),
  companySize: CompanySize.nullable().default(null),
  language: z.string().trim().min(2).max(35).nullable().default(null),
  activity: ReferenceActivity,
  dueAt: DateOnly,
  notes: z.string().trim().max(2000).nullable().default(null),
});
export type ReferenceRequestBody = z.infer<typeof ReferenceRequestBody>;

export const ASK_STATUSES = ['sent', 'accepted', 'declined', 'scheduled', 'completed', 'no_show', 'cancelled'] as const;
export const AskStatus = z.enum(ASK_STATUSES);
export type AskStatus = z.infer<typeof AskStatus>;
export const DECLINE_REASONS = ['too_busy', 'not_a_fit', 'bad_timing', 'company_policy', 'other'] as const;
export const DeclineReason = z.enum(DECLINE_REASONS);

export const ReferenceAsk = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  member: z.object({ id: z.uuid(), name: z.string(), company: z.string().nullable() }),
  activity: ReferenceActivity,
  status: AskStatus,
  message: z.string().nullable(),
  points: z.number().int(),
  slots: z.array(Timestamp),
  scheduledAt: Timestamp.nullable(),
  declineReason: DeclineReason.nullable(),
  declineNote: z.string().nullable(),
  advocateConfirmedAt: Timestamp.nullable(),
  requesterConfirmedAt: Timestamp.nullable(),
  sentAt: Timestamp,
  respondedAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
});
export type ReferenceAsk = z.infer<typeof ReferenceAsk>;

export const ReferenceRequest = ReferenceRequestBody.extend({
  id: z.uuid(),
  status: z.enum(REQUEST_STATUSES),
  outcome: z.enum(['won', 'lost']).nullable(),
  /** Whether the caller may send asks on it now: open, and an admin or a program letting requesters send. */
  canAsk: z.boolean(),
  requester: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: Timestamp,
  fulfilledAt: Timestamp.nullable(),
  asks: z.array(ReferenceAsk),
});
export type ReferenceRequest = z.infer<typeof ReferenceRequest>;
export const ReferenceRequestResponse = z.object({ request: ReferenceRequest });
export const ReferenceRequestsResponse = z.object({ requests: z.array(ReferenceRequest) });

/** Where a person stands against the fatigue caps. */
export const Fatigue = z.object({
  asksInPeriod: z.number().int(),
  callsInPeriod: z.number().int(),
  accountAsksInPeriod: z.number().int(),
  restUntil: Timestamp.nullable(),
  /** The first cap an ask now would break (null: the person may be asked), and when it lifts. */
  blockedBy: z.enum(['person_cap', 'call_cap', 'account_cap', 'rest_days']).nullable(),
  availableAt: Timestamp.nullable(),
});
export type Fatigue = z.infer<typeof Fatigue>;

export const ReferenceMatch = z.object({
  member: z.object({
    id: z.uuid(),
    name: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  account: z.string(),
  fit: z.number().int(),
  /** Why this person fits (or where they do not): product, industry, region, size, language. */
  reasons: z.array(z.object({ what: z.string(), matches: z.boolean() })),
  fatigue: Fatigue,
  /** Inside one of the person's blackout ranges on the due date. */
  blackedOut: z.boolean(),
  alreadyAsked: z.boolean(),
});
export type ReferenceMatch = z.infer<typeof ReferenceMatch>;
export const ReferenceMatchesResponse = z.object({ matches: z.array(ReferenceMatch) });

export const AskBody = z.object({
  memberId: z.uuid(),
  /** What the advocate gains and why they were chosen: shown with the ask. */
  message: z.string().trim().max(2000).nullable().default(null),
});
export const AskResponse = z.object({ ask: ReferenceAsk });
export const MyAsk = ReferenceAsk.extend({
  request: z.object({
    opportunity: z.string(),
    prospectCompany: z.string().nullable(),
    product: z.string(),
    dueAt: z.string(),
    requesterName: z.string(),
  }),
});
export const MyAsksResponse = z.object({ asks: z.array(MyAsk) });
export const AskDecisionBody = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    /** Times the advocate can make (1–5, in the future). */
    slots: z
      .array(z.iso.datetime({ offset: true }))
      .min(1)
      .max(5),
  }),
  z.object({
    decision: z.literal('decline'),
    reason: DeclineReason,
    note: z.string().trim().max(500).nullable().default(null),
  }),
]);
export const ScheduleBody = z.object({ slot: z.iso.datetime({ offset: true }) });
export const ConfirmBody = z.object({ happened: z.boolean() });

export const ReferenceSettings = z.object({
  /** Asks of every kind per person in a rolling 90 days. */
  personAsksPerPeriod: z.number().int().min(1).max(100),
  /** Reference calls per person in a rolling 90 days. */
  personCallsPerPeriod: z.number().int().min(1).max(100),
  /** Asks of every kind per account (company) in a rolling 90 days. */
  accountAsksPerPeriod: z.number().int().min(1).max(1000),
  /** No new ask for this many days after a person's completed call. */
  restDaysAfterCall: z.number().int().min(0).max(365),
  /** Whether requesters send asks themselves (else only an admin does). */
  requestersMaySend: z.boolean(),
  /** References one deal needs, for pipeline demand. */
  referencesPerDeal: z.number().int().min(1).max(10),
  /** Points on a completed activity. */
  points: z.record(ReferenceActivity, z.number().int().min(0).max(100_000)),
});
export type ReferenceSettings = z.infer<typeof ReferenceSettings>;
export const ReferenceSettingsResponse = z.object({ settings: ReferenceSettings });
export const ReferenceSettingsPatch = ReferenceSettings.partial().extend({
  points: z.partialRecord(ReferenceActivity, z.number().int().min(0).max(100_000)).optional(),
});

export const REFERENCE_PERIOD_DAYS = 90;
export const DEFAULT_REFERENCE_SETTINGS: ReferenceSettings = {
  personAsksPerPeriod: 4,
  personCallsPerPeriod: 2,
  accountAsksPerPeriod: 6,
  restDaysAfterCall: 14,
  requestersMaySend: false,
  referencesPerDeal: 1,
  points: { call: 150, site_visit: 300, case_study: 500, speaking: 500, analyst_briefing: 250, press: 250 },
};

// ------------------------------------------------------------------ outcome, demand, coverage, metrics

export const OutcomeBody = z.object({
  outcome: z.enum(['won', 'lost']),
  /** The deal's final amount, when it changed. */
  amount: z.number().int().min(0).max(1_000_000_000).optional(),
});

export const COVERAGE_DIMENSIONS = ['product', 'industry', 'region', 'size'] as const;
export const CoverageDimension = z.enum(COVERAGE_DIMENSIONS);
export type CoverageDimension = z.infer<typeof CoverageDimension>;
export const CoverageQuery = z.object({
  by: z
    .string()
    .default('product,industry,region')
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()))])
    .pipe(z.array(CoverageDimension).min(1).max(4)),
});
/** A cell: its coordinates (null where the cell is "not given"; a dimension left out of `by` is always null). */
export const CoverageCellKey = z.object({
  product: Label.nullable().default(null),
  industry: Label.nullable().default(null),
  region: Label.nullable().default(null),
  companySize: CompanySize.nullable().default(null),
});
export type CoverageCellKey = z.infer<typeof CoverageCellKey>;
export const Recruitment = z.object({
  id: z.uuid(),
  challengeId: z.uuid().nullable(),
  reaches: z.number().int(),
  recruited: z.number().int(),
  createdAt: Timestamp,
});
export const CoverageCell = CoverageCellKey.extend({
  /** Referenceable advocates (opted in, active) in the cell. */
  supply: z.number().int(),
  /** References the pipeline and forecasts need in the cell. */
  demand: z.number().int(),
  /** demand − supply: above 0 the cell is thin. */
  gap: z.number().int(),
  recruitments: z.array(Recruitment),
});
export type CoverageCell = z.infer<typeof CoverageCell>;
export const CoverageResponse = z.object({ by: z.array(CoverageDimension), cells: z.array(CoverageCell) });
export const RecruitBody = z.object({
  cell: CoverageCellKey,
  points: z.number().int().min(0).max(100_000).default(50),
});
export const RecruitResponse = z.object({
  challenge: z.object({ id: z.uuid(), title: z.string(), status: z.string() }),
  segmentId: z.uuid(),
  reaches: z.number().int(),
});

export const DemandRow = z.object({
  id: z.uuid(),
  source: z.enum(['pipeline', 'forecast']),
  opportunity: z.string().nullable(),
  product: z.string(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  companySize: z.string().nullable(),
  amount: z.number().int().nullable(),
  referencesNeeded: z.number().int(),
  createdAt: Timestamp,
});
export const DemandResponse = z.object({ demand: z.array(DemandRow) });
/** Open pipeline as CSV (header: opportunity,product,industry,region,company_size,amount): replaces the pipeline. */
export const PipelineImportBody = z.object({ csv: z.string().min(1).max(2_000_000) });
export const PipelineImportResponse = z.object({ imported: z.number().int(), referencesNeeded: z.number().int() });
export const ForecastBody = CoverageCellKey.extend({
  product: Label,
  revenueGoal: z.number().int().min(1).max(100_000_000_000),
  averageDeal: z.number().int().min(1).max(1_000_000_000),
  referencesPerDeal: z.number().min(0.1).max(10),
});
export const DemandRowResponse = z.object({ demand: DemandRow });

export const ReferenceMetrics = z.object({
  requests: z.number().int(),
  fulfilled: z.number().int(),
  asksSent: z.number().int(),
  accepted: z.number().int(),
  declined: z.number().int(),
  /** Accepted (or later) over answered asks; null before any answer. */
  acceptanceRate: z.number().nullable(),
  /** Completed over completed + no-shows; null before any call. */
  showRate: z.number().nullable(),
  /** Days from request to the call, over fulfilled requests. */
  timeToFulfilDays: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  declineReasons: z.array(z.object({ reason: DeclineReason, count: z.number().int() })),
  /** Sum of `amount` over requests a completed reference helped, open or won. */
  influencedPipeline: z.number().int(),
  /** Sum of `amount` over won requests a completed reference helped. */
  wonRevenue: z.number().int(),
  byMonth: z.array(
    z.object({
      month: z.string(),
      requests: z.number().int(),
      completed: z.number().int(),
      declined: z.number().int(),
    }),
  ),
});
export type ReferenceMetrics = z.infer<typeof ReferenceMetrics>;
export const ReferenceMetricsResponse = z.object({ metrics: ReferenceMetrics });
