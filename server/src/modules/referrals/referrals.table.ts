import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FraudRules, HoldReason, ReferralMilestonePoints } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';
import { completions } from '../completions/completions.table.js';

const STAGES = ['submitted', 'contacted', 'qualified', 'won', 'lost'] as const;
const MILESTONES = ['submitted', 'contacted', 'qualified', 'won'] as const;

/** A referral campaign: points per milestone and an optional hold period before payouts. */
export const referralCampaigns = pgTable(
  'referral_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    points: jsonb('points')
      .$type<ReferralMilestonePoints>()
      .notNull()
      .default(sql`'{"submitted":0,"contacted":0,"qualified":0,"won":0}'::jsonb`),
    holdDays: integer('hold_days'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referral_campaigns_one_default')
      .on(t.isDefault)
      .where(sql`${t.isDefault}`),
    check('referral_campaigns_hold_check', sql`${t.holdDays} is null or ${t.holdDays} > 0`),
  ],
);
export type ReferralCampaignRow = typeof referralCampaigns.$inferSelect;

/** A person referred, once per email: a second referral of the same email joins this prospect. */
export const referralProspects = pgTable(
  'referral_prospects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    domain: text('domain').notNull(),
    name: text('name').notNull(),
    company: text('company'),
    title: text('title'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referral_prospects_email_key').on(sql`lower(${t.email})`),
    index('referral_prospects_domain_idx').on(t.domain),
  ],
);
export type ReferralProspectRow = typeof referralProspects.$inferSelect;

/** One advocate's referral of one prospect, in one campaign (reassignable). */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    advocateId: uuid('advocate_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    prospectId: uuid('prospect_id')
      .notNull()
      .references(() => referralProspects.id, { onDelete: 'restrict' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => referralCampaigns.id, { onDelete: 'restrict' }),
    stage: text('stage', { enum: STAGES }).notNull().default('submitted'),
    review: text('review', { enum: ['clear', 'held', 'released', 'rejected'] })
      .notNull()
      .default('clear'),
    holdReasons: jsonb('hold_reasons')
      .$type<HoldReason[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    holdNotes: jsonb('hold_notes')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The deal's value once won (influenced revenue). */
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }),
    note: text('note'),
    source: text('source', { enum: ['form', 'link', 'challenge', 'import'] })
      .notNull()
      .default('form'),
    merged: boolean('merged').notNull().default(false),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    completionId: uuid('completion_id').references(() => completions.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key'),
    /** The first answer, sent again to a replay of the idempotency key. */
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referrals_advocate_prospect_key').on(t.advocateId, t.prospectId),
    uniqueIndex('referrals_idempotency_key').on(t.advocateId, t.idempotencyKey),
    index('referrals_advocate_idx').on(t.advocateId, t.createdAt.desc()),
    index('referrals_stage_idx').on(t.stage, t.createdAt.desc()),
    index('referrals_held_idx')
      .on(t.createdAt)
      .where(sql`${t.review} = 'held'`),
    index('referrals_device_idx').on(t.ip, t.userAgent, t.createdAt),
  ],
);
export type ReferralRow = typeof referrals.$inferSelect;

/** Every move of a referral (who, from, to, the points it posted); an idempotency key answers once. */
export const referralStageEvents = pgTable(
  'referral_stage_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage', { enum: STAGES }),
    toStage: text('to_stage', { enum: STAGES }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }),
    pointsDelta: integer('points_delta').notNull().default(0),
    actorType: text('actor_type', { enum: ['member', 'api_key', 'import', 'system'] }).notNull(),
    actorId: text('actor_id'),
    idempotencyKey: text('idempotency_key'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('referral_stage_events_referral_idx').on(t.referralId, t.id),
    uniqueIndex('referral_stage_events_idempotency_key').on(t.idempotencyKey),
  ],
);

/**
 * A milestone's points for a referral: pending until its hold period ends (a sweep pays it), paid
 * through the ledger (source `referral`, `<referral>:<milestone>:<round>`), reversed or cancelled
 * when the referral moves back. At most one live (pending or paid) payout per referral and milestone.
 */
export const referralPayouts = pgTable(
  'referral_payouts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    milestone: text('milestone', { enum: MILESTONES }).notNull(),
    round: smallint('round').notNull().default(1),
    points: integer('points').notNull(),
    status: text('status', { enum: ['pending', 'paid', 'reversed', 'cancelled'] }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    reversedPoints: integer('reversed_points').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('referral_payouts_round_key').on(t.referralId, t.milestone, t.round),
    uniqueIndex('referral_payouts_live_key')
      .on(t.referralId, t.milestone)
      .where(sql`${t.status} in ('pending','paid')`),
    index('referral_payouts_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);
export type ReferralPayoutRow = typeof referralPayouts.$inferSelect;

/** An advocate's personal referral link (`/r/<code>`): prospects leave their details on its landing page. */
export const referralLinks = pgTable('referral_links', {
  code: text('code').primaryKey(),
  memberId: uuid('member_id')
    .notNull()
    .unique('referral_links_member_key')
    .references(() => members.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The fraud rules' settings: one row (id 1), validated by `FraudRules` in shared. */
export const referralRules = pgTable(
  'referral_rules',
  {
    id: smallint('id').primaryKey().default(1),
    rules: jsonb('rules').$type<FraudRules>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [check('referral_rules_one_row', sql`${t.id} = 1`)],
);
