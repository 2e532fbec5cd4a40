import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';
import { challengeStages, challenges } from '../challenges/challenges.table.js';

/**
 * One row per member per challenge: the lock that serialises that member's submissions to that
 * challenge, and the round counter for repeatable challenges.
 */
export const challengeProgress = pgTable(
  'challenge_progress',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    /** The round in progress (1-based); a finished round bumps it. */
    round: integer('round').notNull().default(1),
    roundsCompleted: integer('rounds_completed').notNull().default(0),
    lastCompletedAt: timestamp('last_completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.challengeId] })],
);

/** Rounds finished, with their time (daily caps count these within the program's day). */
export const challengeRounds = pgTable(
  'challenge_rounds',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    status: text('status', { enum: ['submitted', 'completed', 'released'] }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.challengeId, t.round] }),
    index('challenge_rounds_day_idx').on(t.memberId, t.challengeId, t.submittedAt),
    // The home page's community feed: the latest completed challenges.
    index('challenge_rounds_completed_idx')
      .on(t.completedAt.desc())
      .where(sql`${t.status} = 'completed'`),
  ],
);

export const completions = pgTable(
  'completions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => challengeStages.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    attempt: integer('attempt').notNull().default(1),
    response: jsonb('response')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    score: integer('score'),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'retry'] }).notNull(),
    pointsAwarded: integer('points_awarded').notNull().default(0),
    feedback: text('feedback'),
    reviewerId: uuid('reviewer_id').references(() => members.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
    idempotencyKey: text('idempotency_key'),
    /** The answer given to the first request, returned again on a replay of its Idempotency-Key. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('completions_member_idempotency').on(t.memberId, t.idempotencyKey),
    // A stage counts once per round: a second live (pending/approved) submission is refused by the database.
    uniqueIndex('completions_stage_round_live')
      .on(t.memberId, t.stageId, t.round)
      .where(sql`${t.status} in ('pending','approved')`),
    index('completions_member_challenge_idx').on(t.memberId, t.challengeId, t.round),
    index('completions_status_idx').on(t.status, t.createdAt),
    check('completions_status_check', sql`${t.status} in ('pending','approved','rejected','retry')`),
  ],
);
export type CompletionRow = typeof completions.$inferSelect;
