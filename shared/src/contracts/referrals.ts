import { z } from 'zod';
import { Timestamp } from '../common.js';
import { text } from '../fields.js';
import { ReferralProspect } from '../stage-kinds.js';

/**
 * Referrals: an advocate refers a prospect (consent recorded) to a referral campaign; the pipeline
 * moves submitted → contacted → qualified → won | lost, and each milestone pays the campaign's points
 * once (after the campaign's hold period, if it has one). Moving back reverses exactly what was paid,
 * never below zero. Fraud rules never drop a referral: a hit holds it for an admin to release or reject.
 */
export const REFERRAL_STAGES = ['submitted', 'contacted', 'qualified', 'won', 'lost'] as const;
export const ReferralStage = z.enum(REFERRAL_STAGES);
export type ReferralStage = z.infer<typeof ReferralStage>;
/** The stages that pay points, in pipeline order (`lost` pays nothing). */
export const REFERRAL_MILESTONES = ['submitted', 'contacted', 'qualified', 'won'] as const;
export type ReferralMilestone = (typeof REFERRAL_MILESTONES)[number];
export const ReferralReview = z.enum(['clear', 'held', 'released', 'rejected']);
export type ReferralReview = z.infer<typeof ReferralReview>;
export const ReferralSource = z.enum(['form', 'link', 'challenge', 'import']);

/** Why a referral is held, one code per fraud rule that hit. */
export const HOLD_REASONS = [
  'self_email',
  'self_alias',
  'self_name',
  'same_domain',
  'same_device',
  'disposable_email',
  'velocity',
  'duplicate_prospect',
] as const;
export const HoldReason = z.enum(HOLD_REASONS);
export type HoldReason = z.infer<typeof HoldReason>;

export const ReferralErrorCode = {
  notFound: 'referrals.not_found',
  campaignNotFound: 'referrals.campaign_not_found',
  consentRequired: 'referrals.consent_required',
  idempotencyKeyReused: 'referrals.idempotency_key_reused',
  badTransition: 'referrals.invalid_transition',
  amountRequired: 'referrals.amount_required',
  rejected: 'referrals.rejected',
  notHeld: 'referrals.not_held',
  badCsv: 'referrals.bad_csv',
  keyRequired: 'integrations.key_required',
  keyInvalid: 'integrations.key_invalid',
  scopeMissing: 'integrations.scope_missing',
  apiKeyNotFound: 'integrations.key_not_found',
} as const;

export const ReferralProspectInput = ReferralProspect;
export type ReferralProspectInput = z.infer<typeof ReferralProspectInput>;

export const SubmitReferralBody = z.object({
  prospect: ReferralProspectInput,
  /** The prospect agreed to be contacted: required, and recorded with the time and the address it came from. */
  consent: z.literal(true, { error: 'The prospect’s consent to be contacted is required' }),
  campaignId: z.uuid().optional(),
});
export type SubmitReferralBody = z.infer<typeof SubmitReferralBody>;

export const Referral = z.object({
  id: z.uuid(),
  status: ReferralStage,
  held: z.boolean(),
  holdReasons: z.array(HoldReason),
  review: ReferralReview,
  prospect: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
  }),
  campaign: z.object({ id: z.uuid(), name: z.string() }),
  /** Points paid so far for this referral (net of reversals), and points waiting for a hold period. */
  pointsPaid: z.number().int(),
  pointsPending: z.number().int(),
  amount: z.number().nullable(),
  source: ReferralSource,
  /** The submission joined a prospect already known by email (merged, not refused). */
  merged: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Referral = z.infer<typeof Referral>;

export const AdminReferral = Referral.extend({
  advocate: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  holdNotes: z.array(z.string()),
  consentAt: Timestamp,
  note: z.string().nullable(),
});
export type AdminReferral = z.infer<typeof AdminReferral>;

export const ReferralResponse = z.object({ referral: Referral });
export const MyReferralsResponse = z.object({ referrals: z.array(Referral) });
export const AdminReferralsQuery = z.object({
  stage: ReferralStage.optional(),
  held: z.enum(['true', 'false']).optional(),
  campaignId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AdminReferralsResponse = z.object({
  referrals: z.array(AdminReferral),
  counts: z.record(z.string(), z.number().int()),
});

export const ReferralStageBody = z.object({
  stage: ReferralStage,
  /** The deal's value when it is won (influenced revenue). */
  amount: z.number().nonnegative().max(1e12).optional(),
});
export type ReferralStageBody = z.infer<typeof ReferralStageBody>;
export const ReferralStageResponse = z.object({
  referral: AdminReferral,
  /** Points posted to the advocate's ledger by this move (negative for reversals). */
  pointsDelta: z.number().int(),
});
export type ReferralStageResponse = z.infer<typeof ReferralStageResponse>;

export const ReferralReviewBody = z.object({
  decision: z.enum(['release', 'reject']),
  note: z.string().trim().max(1000).optional(),
});
export const ReferralReassignBody = z.object({ campaignId: z.uuid() });

// ---------------------------------------------------------------- personal links

/** An advocate's personal link: whoever opens it can leave their details (with consent) on its landing page. */
export const ReferralLinkResponse = z.object({ code: z.string(), url: z.string() });
export const ReferralLinkParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/) });
/** What the landing page shows: whose link it is (first name only) and the program. */
export const ReferralLandingResponse = z.object({
  advocateFirstName: z.string(),
  campaign: z.object({ name: z.string(), description: z.string().nullable() }),
});
export const ReferralLandingBody = z.object({
  prospect: ReferralProspectInput,
  consent: z.literal(true, { error: 'Your consent to be contacted is required' }),
});
export const ReferralLandingAnswer = z.object({ ok: z.literal(true) });

// ---------------------------------------------------------------- campaigns

export const ReferralMilestonePoints = z.object({
  submitted: z.number().int().min(0).max(1_000_000).default(0),
  contacted: z.number().int().min(0).max(1_000_000).default(0),
  qualified: z.number().int().min(0).max(1_000_000).default(0),
  won: z.number().int().min(0).max(1_000_000).default(0),
});
export type ReferralMilestonePoints = z.infer<typeof ReferralMilestonePoints>;

export const ReferralCampaign = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  points: ReferralMilestonePoints,
  /** Days a milestone's points wait before they are paid (null: paid at once). */
  holdDays: z.number().int().nullable(),
  isDefault: z.boolean(),
  referrals: z.number().int(),
});
export type ReferralCampaign = z.infer<typeof ReferralCampaign>;
export const ReferralCampaignBody = z.object({
  name: text(120),
  description: z.string().trim().max(2000).optional(),
  points: ReferralMilestonePoints.partial().optional(),
  holdDays: z.number().int().min(1).max(365).nullable().optional(),
  isDefault: z.boolean().optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export const ReferralCampaignUpdateBody = ReferralCampaignBody.partial();
export type ReferralCampaignUpdateBody = z.infer<typeof ReferralCampaignUpdateBody>;
export const ReferralCampaignsResponse = z.object({ campaigns: z.array(ReferralCampaign) });
export const ReferralCampaignResponse = z.object({ campaign: ReferralCampaign });

// ---------------------------------------------------------------- fraud rules

/** The fraud rules with their thresholds; every field is visible to, and tunable by, an admin. */
export const FraudRules = z.object({
  /** The prospect is the advocate: same email, a "+" alias of it, or a name this similar (0–1). */
  selfReferral: z
    .object({ enabled: z.boolean(), nameSimilarity: z.number().min(0.5).max(1) })
    .default({ enabled: true, nameSimilarity: 0.85 }),
  /** The prospect's email domain is the advocate's (public webmail and allow-listed domains excepted). */
  sameDomain: z.object({ enabled: z.boolean() }).default({ enabled: true }),
  /** Another advocate submitted from the same IP address and user agent within this many minutes. */
  sameDevice: z
    .object({ enabled: z.boolean(), windowMinutes: z.number().int().min(1).max(10_080) })
    .default({ enabled: true, windowMinutes: 60 }),
  /** The prospect's email is at a disposable-email domain (the `disposable-email-domains` npm list). */
  disposableEmail: z.object({ enabled: z.boolean() }).default({ enabled: true }),
  /** More than `max` referrals by one advocate within `windowHours`. */
  velocity: z
    .object({
      enabled: z.boolean(),
      max: z.number().int().min(1).max(1000),
      windowHours: z.number().int().min(1).max(720),
    })
    .default({ enabled: true, max: 5, windowHours: 24 }),
  /** Another advocate already referred this prospect (the referral is merged and held for attribution). */
  duplicateProspect: z.object({ enabled: z.boolean() }).default({ enabled: true }),
  /** Domains shared by many companies' people (a shared office, a group's parent domain): never a domain hit. */
  allowDomains: z.array(z.string().trim().toLowerCase().min(3).max(200)).max(500).default([]),
});
export type FraudRules = z.infer<typeof FraudRules>;
export const FraudRulesPatch = z.object({
  selfReferral: FraudRules.shape.selfReferral.unwrap().partial().optional(),
  sameDomain: FraudRules.shape.sameDomain.unwrap().partial().optional(),
  sameDevice: FraudRules.shape.sameDevice.unwrap().partial().optional(),
  disposableEmail: FraudRules.shape.disposableEmail.unwrap().partial().optional(),
  velocity: FraudRules.shape.velocity.unwrap().partial().optional(),
  duplicateProspect: FraudRules.shape.duplicateProspect.unwrap().partial().optional(),
  allowDomains: FraudRules.shape.allowDomains.unwrap().optional(),
});
export type FraudRulesPatch = z.infer<typeof FraudRulesPatch>;
export const FraudRulesResponse = z.object({
  rules: FraudRules,
  /** Domains on the disposable-email list in use, and public webmail domains the domain rule skips. */
  disposableDomains: z.number().int(),
  publicMailDomains: z.array(z.string()),
  held: z.number().int(),
});

// ---------------------------------------------------------------- CSV and API keys

export const ReferralImportBody = z.object({
  csv: z
    .string()
    .min(1)
    .max(4 * 1024 * 1024),
});
export const ReferralImportResponse = z.object({
  created: z.number().int(),
  moved: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), code: z.string(), message: z.string() })),
});

/** What an API key may do: the CRM's referral calls, events (points, stage completions), member imports, SCIM provisioning. */
export const API_KEY_SCOPES = ['referrals:read', 'referrals:write', 'events:write', 'members:write', 'scim'] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
export const ApiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ApiKeyScope),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const CreateApiKeyBody = z.object({ name: text(120), scopes: z.array(ApiKeyScope).min(1) });
/** The secret is in this answer only: it is stored hashed and cannot be shown again. */
export const CreatedApiKeyResponse = z.object({ apiKey: ApiKey, secret: z.string() });
export const ApiKeysResponse = z.object({ apiKeys: z.array(ApiKey) });
export const ApiKeyResponse = z.object({ apiKey: ApiKey });
