import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Prerequisites, Targeting } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';

export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category').notNull().default('advocacy'),
    status: text('status', { enum: ['draft', 'published', 'archived'] })
      .notNull()
      .default('draft'),
    publishAt: timestamp('publish_at', { withTimezone: true }),
    expireAt: timestamp('expire_at', { withTimezone: true }),
    repeatMode: text('repeat_mode', { enum: ['once', 'times', 'daily'] })
      .notNull()
      .default('once'),
    repeatLimit: integer('repeat_limit').notNull().default(1),
    maxCompletions: integer('max_completions'),
    completionsCount: integer('completions_count').notNull().default(0),
    completionBonus: integer('completion_bonus').notNull().default(0),
    featured: boolean('featured').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    imageUrl: text('image_url'),
    targeting: jsonb('targeting')
      .$type<Targeting>()
      .notNull()
      .default(sql`'{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb`),
    prerequisites: jsonb('prerequisites')
      .$type<Prerequisites>()
      .notNull()
      .default(sql`'{"challengeIds":[],"minLevelRank":null}'::jsonb`),
    badgeId: uuid('badge_id'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('challenges_status_idx').on(t.status),
    check(
      'challenges_completions_within_cap',
      sql`${t.maxCompletions} is null or ${t.completionsCount} <= ${t.maxCompletions}`,
    ),
    check('challenges_repeat_limit_positive', sql`${t.repeatLimit} >= 1`),
  ],
);
export type ChallengeRow = typeof challenges.$inferSelect;

export const challengeStages = pgTable(
  'challenge_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    points: integer('points').notNull().default(0),
    needsReview: boolean('needs_review').notNull().default(false),
    config: jsonb('config')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    index('challenge_stages_challenge_idx').on(t.challengeId, t.position),
    uniqueIndex('challenge_stages_live_position')
      .on(t.challengeId, t.position)
      .where(sql`${t.removedAt} is null`),
    check('challenge_stages_points_nonnegative', sql`${t.points} >= 0`),
  ],
);
export type StageRow = typeof challengeStages.$inferSelect;
