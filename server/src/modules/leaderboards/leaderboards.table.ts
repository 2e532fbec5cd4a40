import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EVENT_AUDIENCES } from '@advocate-hub/shared';
import { members } from '../members/members.table.js';
import { joinCodes } from '../join-codes/join-codes.table.js';

/** Admin-defined date ranges every board can be ranked over (`period=season:<id>`). */
export const leaderboardSeasons = pgTable(
  'leaderboard_seasons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('leaderboard_seasons_range', sql`${t.startsAt} < ${t.endsAt}`),
    index('leaderboard_seasons_starts_idx').on(t.startsAt.desc()),
  ],
);
export type SeasonRow = typeof leaderboardSeasons.$inferSelect;

/** A time-boxed board tied to a join code: what its members earned between start and end. */
export const eventBoards = pgTable(
  'event_boards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    joinCodeId: uuid('join_code_id')
      .notNull()
      .references(() => joinCodes.id, { onDelete: 'cascade' }),
    /** `code`: members who joined with the code; `everyone`: every member. */
    audience: text('audience', { enum: EVENT_AUDIENCES }).notNull().default('code'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('event_boards_range', sql`${t.startsAt} < ${t.endsAt}`),
    check('event_boards_audience_check', sql`${t.audience} in ('code','everyone')`),
    index('event_boards_starts_idx').on(t.startsAt.desc()),
    index('event_boards_join_code_idx').on(t.joinCodeId),
  ],
);
export type EventBoardRow = typeof eventBoards.$inferSelect;
