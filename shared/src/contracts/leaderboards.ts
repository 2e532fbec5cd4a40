import { z } from 'zod';
import { Timestamp } from '../common.js';

/**
 * Leaderboards (design.md: `GET /api/leaderboards/:board?period=&limit=`).
 *
 * A board is who is ranked: `global`, `group:<id>`, `segment:<id>` or `event:<id>`. A period is what
 * counts: `all` (all time), `month` and `week` (this calendar month / ISO week in the program's time
 * zone), `season:<id>` (an admin-defined date range) or `event` (an event board's own range, the only
 * period of an event board). Members are ranked on points *earned* in the period (the lifetime
 * deltas: spending never lowers a rank, reversals do); equal points share a rank (1, 2, 2, 4), and
 * among equals whoever reached the total first comes first.
 */

const uuidRe = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const BOARD_RE = new RegExp(`^(global|(group|segment|event):${uuidRe})$`);
export const PERIOD_RE = new RegExp(`^(all|month|week|event|season:${uuidRe})$`);

export const BoardId = z
  .string()
  .max(80)
  .regex(BOARD_RE, 'Use global, group:<id>, segment:<id> or event:<id>')
  .transform((s) => s.toLowerCase());
export type BoardId = string;
export const BoardKind = z.enum(['global', 'group', 'segment', 'event']);
export type BoardKind = z.infer<typeof BoardKind>;

export const Period = z
  .string()
  .max(80)
  .regex(PERIOD_RE, 'Use all, month, week, event or season:<id>')
  .transform((s) => s.toLowerCase());
/** `all` | `month` | `week` | `event` | `season:<id>`. */
export type Period = string;

/** How a member appears on boards: by name, as "Advocate #<number>" (the same on every board), or not at all. */
export const LEADERBOARD_VISIBILITIES = ['named', 'anonymous', 'hidden'] as const;
export const LeaderboardVisibility = z.enum(LEADERBOARD_VISIBILITIES);
export type LeaderboardVisibility = z.infer<typeof LeaderboardVisibility>;

export const LeaderboardEntry = z.object({
  rank: z.number().int().min(1),
  /** The member's id; for a member shown anonymously an opaque `anonymous:<number>` instead. */
  memberId: z.string(),
  /** The member's name, or "Advocate #<number>" for one shown anonymously. */
  name: z.string(),
  points: z.number().int(),
  anonymous: z.boolean(),
  /** The caller's own row. */
  isMe: z.boolean(),
  avatarUrl: z.string().nullable(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;

/** The caller's standing on a board. */
export const LeaderboardMe = z.object({
  /** Null while the caller has no points in the period, or is not ranked (staff not opted in). */
  rank: z.number().int().min(1).nullable(),
  points: z.number().int(),
  visibility: LeaderboardVisibility,
  /** False for staff left out of the ranking, and for hidden members (whose rank is where they would stand). */
  ranked: z.boolean(),
  /** Up to two ranked rows either side of the caller, and the caller's own row when it is shown. */
  neighbours: z.array(LeaderboardEntry),
  /** The nearest member above with more points, and how many points it takes to pass them. */
  toPass: z.object({ name: z.string(), points: z.number().int().min(1) }).nullable(),
});
export type LeaderboardMe = z.infer<typeof LeaderboardMe>;

export const PeriodInfo = z.object({
  id: z.string(),
  label: z.string(),
  /** The period's bounds (null for all time). */
  startsAt: Timestamp.nullable(),
  endsAt: Timestamp.nullable(),
});
export type PeriodInfo = z.infer<typeof PeriodInfo>;

export const BoardInfo = z.object({
  id: z.string(),
  kind: BoardKind,
  name: z.string(),
  periods: z.array(PeriodInfo),
  defaultPeriod: z.string(),
});
export type BoardInfo = z.infer<typeof BoardInfo>;

export const LeaderboardQuery = z.object({
  period: Period.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export const BoardParams = z.object({ board: BoardId });

export const LeaderboardResponse = z.object({
  board: BoardInfo,
  period: PeriodInfo,
  entries: z.array(LeaderboardEntry),
  /** Null for a caller who is not on this board (an admin looking at a group, staff). */
  me: LeaderboardMe.nullable(),
  /** How many members are ranked in the period. */
  total: z.number().int(),
  updatedAt: Timestamp,
});
export type LeaderboardResponse = z.infer<typeof LeaderboardResponse>;

export const LeaderboardsResponse = z.object({ boards: z.array(BoardInfo) });
export type LeaderboardsResponse = z.infer<typeof LeaderboardsResponse>;

/** An achievement on an event wall's ticker; anonymous members are named as on the board, hidden ones not at all. */
export const WallActivity = z.object({
  id: z.string(),
  at: Timestamp,
  name: z.string(),
  text: z.string(),
  points: z.number().int(),
});
export type WallActivity = z.infer<typeof WallActivity>;

export const WallResponse = z.object({
  board: BoardInfo,
  /** The event's sign-up link and code (event boards); null for other boards. */
  join: z.object({ code: z.string(), url: z.string(), label: z.string() }).nullable(),
  activity: z.array(WallActivity),
});
export type WallResponse = z.infer<typeof WallResponse>;

// ——— Admin ———

const range = {
  name: z.string().trim().min(1).max(80),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
};
const rangeOrdered = (v: { startsAt?: string; endsAt?: string }) =>
  !v.startsAt || !v.endsAt || Date.parse(v.startsAt) < Date.parse(v.endsAt);
const rangeIssue = { message: 'The end must be after the start', path: ['endsAt'] };

export const Season = z.object({
  id: z.uuid(),
  name: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  createdAt: Timestamp,
});
export type Season = z.infer<typeof Season>;
export const SeasonBody = z.object(range).refine(rangeOrdered, rangeIssue);
export type SeasonBody = z.infer<typeof SeasonBody>;
export const UpdateSeasonBody = z.object(range).partial().refine(rangeOrdered, rangeIssue);
export type UpdateSeasonBody = z.infer<typeof UpdateSeasonBody>;
export const SeasonsResponse = z.object({ seasons: z.array(Season) });
export const SeasonResponse = z.object({ season: Season });

/** Who an event board ranks: members who joined with its code, or every member. */
export const EVENT_AUDIENCES = ['code', 'everyone'] as const;
export const EventAudience = z.enum(EVENT_AUDIENCES);
export type EventAudience = z.infer<typeof EventAudience>;

export const EventBoard = z.object({
  id: z.uuid(),
  name: z.string(),
  joinCodeId: z.uuid(),
  joinCode: z.object({ code: z.string(), label: z.string() }),
  audience: EventAudience,
  startsAt: Timestamp,
  endsAt: Timestamp,
  createdAt: Timestamp,
});
export type EventBoard = z.infer<typeof EventBoard>;
export const EventBoardBody = z
  .object({ ...range, joinCodeId: z.uuid(), audience: EventAudience.default('code') })
  .refine(rangeOrdered, rangeIssue);
export type EventBoardBody = z.input<typeof EventBoardBody>;
export const UpdateEventBoardBody = z
  .object({ ...range, audience: EventAudience })
  .partial()
  .refine(rangeOrdered, rangeIssue);
export type UpdateEventBoardBody = z.infer<typeof UpdateEventBoardBody>;
export const EventBoardsResponse = z.object({ events: z.array(EventBoard) });
export const EventBoardResponse = z.object({ event: EventBoard });

export const LeaderboardSettings = z.object({
  /** Admins and moderators who are also advocates are ranked. Staff who are not advocates never are. */
  includeStaff: z.boolean(),
});
export type LeaderboardSettings = z.infer<typeof LeaderboardSettings>;
export const LeaderboardSettingsResponse = z.object({ settings: LeaderboardSettings });

/** PATCH /api/me: what a member may change about themselves. */

/** The name a member shown anonymously has on every board. */
export function aliasName(aliasNumber: number): string {
  return `Advocate #${aliasNumber}`;
}
