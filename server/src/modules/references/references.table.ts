import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ReferenceSettings } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

/** An advocate's reference profile: opted in or not, and what they may be asked for. */
export const referenceProfiles = pgTable(
  'reference_profiles',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    optedIn: boolean('opted_in').notNull().default(false),
    products: text('products')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    industry: text('industry'),
    region: text('region'),
    companySize: text('company_size'),
    activities: text('activities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Date ranges (inclusive) the person must not be asked for: `[{from, to}]`, YYYY-MM-DD. */
    blackouts: jsonb('blackouts').$type<{ from: string; to: string }[]>().notNull().default([]),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reference_profiles_opted_in_idx')
      .on(t.memberId)
      .where(sql`${t.optedIn}`),
  ],
);

/** A seller's (or marketer's) request for a reference on an opportunity. */
export const referenceRequests = pgTable(
  'reference_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => members.id),
    opportunity: text('opportunity').notNull(),
    prospectCompany: text('prospect_company'),
    amount: integer('amount'),
    product: text('product').notNull(),
    industry: text('industry'),
    region: text('region'),
    companySize: text('company_size'),
    language: text('language'),
    activity: text('activity').notNull(),
    dueAt: date('due_at').notNull(),
    notes: text('notes'),
    status: text('status', { enum: ['open', 'fulfilled', 'cancelled'] })
      .notNull()
      .default('open'),
    /** The deal's end, told by the requester: won revenue is `amount` of won deals a reference helped. */
    outcome: text('outcome', { enum: ['won', 'lost'] }),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
  },
  (t) => [
    index('reference_requests_requester_idx').on(t.requesterId, t.createdAt.desc()),
    index('reference_requests_status_idx').on(t.status, t.createdAt.desc()),
    check('reference_requests_status_check', sql`${t.status} in ('open','fulfilled','cancelled')`),
    check('reference_requests_amount_check', sql`${t.amount} is null or ${t.amount} >= 0`),
  ],
);

/** One ask of one advocate for one request, from sent to completed (or declined, no-show, cancelled). */
export const referenceAsks = pgTable(
  'reference_asks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => referenceRequests.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    activity: text('activity').notNull(),
    status: text('status', {
      enum: ['sent', 'accepted', 'declined', 'scheduled', 'completed', 'no_show', 'cancelled'],
    })
      .notNull()
      .default('sent'),
    message: text('message'),
    /** The points a completion pays, fixed when the ask is sent. */
    points: integer('points').notNull().default(0),
    slots: timestamp('slots', { withTimezone: true })
      .array()
      .notNull()
      .default(sql`'{}'::timestamptz[]`),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    declineNote: text('decline_note'),
    advocateConfirmedAt: timestamp('advocate_confirmed_at', { withTimezone: true }),
    requesterConfirmedAt: timestamp('requester_confirmed_at', { withTimezone: true }),
    sentBy: uuid('sent_by')
      .notNull()
      .references(() => members.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reference_asks_request_member_key').on(t.requestId, t.memberId),
    index('reference_asks_member_idx').on(t.memberId, t.sentAt.desc()),
    check(
      'reference_asks_status_check',
      sql`${t.status} in ('sent','accepted','declined','scheduled','completed','no_show','cancelled')`,
    ),
  ],
);

/**
 * The fatigue ledger: every ask made of a person, of any kind (reference activities, referrals,
 * reviews), with the account it counts against. Caps are counted here, under the person's and the
 * account's locks; `rest_until` holds the rest after a completed call.
 */
export const askLedger = pgTable(
  'ask_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    account: text('account').notNull(),
    kind: text('kind').notNull(),
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id').notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
    restUntil: timestamp('rest_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('ask_ledger_source_key').on(t.sourceType, t.sourceId),
    index('ask_ledger_member_idx').on(t.memberId, t.askedAt.desc()),
    index('ask_ledger_account_idx').on(t.account, t.askedAt.desc()),
  ],
);

/** One row: the reference desk's caps, who sends asks, and the points per activity. */
export const referenceSettings = pgTable(
  'reference_settings',
  {
    id: integer('id').primaryKey().default(1),
    settings: jsonb('settings').$type<ReferenceSettings>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('reference_settings_single_row', sql`${t.id} = 1`)],
);

/**
 * Demand for references by cell: open pipeline (one row per opportunity, imported by CSV or the API)
 * and forecasts (revenue goal ÷ average deal × references per deal, one row per cell).
 */
export const referenceDemand = pgTable(
  'reference_demand',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source', { enum: ['pipeline', 'forecast'] }).notNull(),
    opportunity: text('opportunity'),
    product: text('product').notNull(),
    industry: text('industry'),
    region: text('region'),
    companySize: text('company_size'),
    amount: integer('amount'),
    referencesNeeded: integer('references_needed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reference_demand_source_idx').on(t.source),
    check('reference_demand_source_check', sql`${t.source} in ('pipeline','forecast')`),
    check('reference_demand_needed_check', sql`${t.referencesNeeded} >= 0`),
  ],
);

/** A "recruit here" on a thin cell: the segment and challenge it made, and whom it reached then. */
export const referenceRecruitments = pgTable('reference_recruitments', {
  id: uuid('id').primaryKey().defaultRandom(),
  cell: jsonb('cell')
    .$type<{ product: string | null; industry: string | null; region: string | null; companySize: string | null }>()
    .notNull(),
  segmentId: uuid('segment_id'),
  challengeId: uuid('challenge_id'),
  reaches: integer('reaches').notNull(),
  /** The reached members who were not referenceable yet: recruited once they opt in. */
  candidateIds: uuid('candidate_ids').array().notNull(),
  createdBy: uuid('created_by').references(() => members.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
