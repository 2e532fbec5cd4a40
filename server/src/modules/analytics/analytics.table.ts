import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';
import { challenges } from '../challenges/challenges.table.js';
import { groups } from '../groups/groups.table.js';

/** What one act of advocacy of a type is worth to the program (ROI), in the program currency's cents. */
export const analyticsActValues = pgTable(
  'analytics_act_values',
  {
    type: text('type').primaryKey(),
    valueCents: integer('value_cents').notNull().default(0),
    updatedBy: uuid('updated_by').references(() => members.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('analytics_act_values_nonnegative', sql`${t.valueCents} >= 0`)],
);

/** The act type an admin gave a challenge (a case study, a talk…): overrides the type derived from its steps. */
export const analyticsChallengeTypes = pgTable('analytics_challenge_types', {
  challengeId: uuid('challenge_id')
    .primaryKey()
    .references(() => challenges.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
});

/**
 * One click on "Activate": the cohort of leaking members snapshotted, the group holding them, and
 * the challenges (one, or a ladder in order) targeted at that group. An Idempotency-Key answers once.
 */
export const leakActivations = pgTable(
  'leak_activations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    days: integer('days').notNull(),
    segmentId: uuid('segment_id'),
    segmentName: text('segment_name'),
    groupId: uuid('group_id').references(() => groups.id, { onDelete: 'set null' }),
    challengeIds: uuid('challenge_ids').array().notNull(),
    cohortSize: integer('cohort_size').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('leak_activations_idempotency_key').on(t.idempotencyKey),
    index('leak_activations_created_idx').on(t.createdAt.desc()),
  ],
);

/** The cohort of an activation, as it was when activated. */
export const leakActivationMembers = pgTable(
  'leak_activation_members',
  {
    activationId: uuid('activation_id')
      .notNull()
      .references(() => leakActivations.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.activationId, t.memberId] }),
    index('leak_activation_members_member_idx').on(t.memberId),
  ],
);

/** The ready-made ladder of asks, created once on the first one-click activation that needs it. */
export const leakLadder = pgTable('leak_ladder', {
  position: integer('position').primaryKey(),
  challengeId: uuid('challenge_id')
    .notNull()
    .references(() => challenges.id, { onDelete: 'cascade' }),
});
