import type { LeaderboardEntry, LeaderboardMe } from '@advocate-hub/shared';
import { formatNumber, formatPoints } from '@/shared/lib/format';

const ordinalRules = new Intl.PluralRules('en', { type: 'ordinal' });
const SUFFIX: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
export function ordinal(n: number): string {
  return `${formatNumber(n)}${SUFFIX[ordinalRules.select(n)] ?? 'th'}`;
}

/** How a rank moved since the previous data: places up (positive) or down (negative), or new on the list. */
export type RankMove = { kind: 'up' | 'down'; places: number } | { kind: 'new' };

/** Ranks by member, to compare the next update with. */
export function rankMap(entries: readonly LeaderboardEntry[]): Map<string, number> {
  return new Map(entries.map((e) => [e.memberId, e.rank]));
}

/**
 * The moves between two lists of the same board and period. Without a previous list nothing moved;
 * a member who was not on the previous list is `new`.
 */
export function rankMoves(previous: Map<string, number> | null, entries: readonly LeaderboardEntry[]) {
  const moves = new Map<string, RankMove>();
  if (!previous) return moves;
  for (const e of entries) {
    const before = previous.get(e.memberId);
    if (before === undefined) moves.set(e.memberId, { kind: 'new' });
    else if (before > e.rank) moves.set(e.memberId, { kind: 'up', places: before - e.rank });
    else if (before < e.rank) moves.set(e.memberId, { kind: 'down', places: e.rank - before });
  }
  return moves;
}

export function moveLabel(move: RankMove): string {
  if (move.kind === 'new') return 'New on the list';
  const places = `${move.places} ${move.places === 1 ? 'place' : 'places'}`;
  return move.kind === 'up' ? `Up ${places}` : `Down ${places}`;
}

/** Whether the entry at `i` shares its rank with a neighbour (ties show equal ranks: 1, 2, 2, 4). */
export function isTied(entries: readonly LeaderboardEntry[], i: number): boolean {
  const rank = entries[i]?.rank;
  return rank !== undefined && (entries[i - 1]?.rank === rank || entries[i + 1]?.rank === rank);
}

/** What the member's own standing is, in one word, for the screens' wording. */
export type StandingState = 'none' | 'staff' | 'hidden' | 'unranked' | 'ranked';

export function standingState(me: LeaderboardMe | null): StandingState {
  if (!me) return 'none';
  if (me.visibility === 'hidden') return 'hidden';
  if (!me.ranked) return 'staff';
  if (me.rank === null) return 'unranked';
  return 'ranked';
}

/** "15 points to pass Grace Hopper." or "You're at the top." (null when there is nothing to say). */
export function toPassSentence(me: LeaderboardMe | null): string | null {
  if (!me || me.rank === null) return null;
  if (me.toPass) return `${formatPoints(me.toPass.points)} to pass ${me.toPass.name}.`;
  return me.rank === 1 ? 'You’re at the top.' : null;
}

/**
 * The member's standing as one sentence, for the polite live region:
 * "You are 4th of 37 with 120 points. 15 points to pass Grace Hopper."
 */
export function standingSentence(me: LeaderboardMe | null, total: number): string {
  const state = standingState(me);
  if (!me || state === 'none') return 'You are not on this board.';
  if (state === 'staff') return 'Staff aren’t ranked on this board.';
  if (state === 'hidden') {
    return me.rank === null
      ? 'You’re hidden from the leaderboard, and have no points in this period yet.'
      : `You’re hidden from the leaderboard. You would be ${ordinal(me.rank)} with ${formatPoints(me.points)}.`;
  }
  if (me.rank === null) return 'You have no points in this period yet.';
  const pass = toPassSentence(me);
  return `You are ${ordinal(me.rank)} of ${formatNumber(total)} with ${formatPoints(me.points)}.${pass ? ` ${pass}` : ''}`;
}

/** What the live region announces on: the standing itself, not the number of others on the board. */
export function standingKey(me: LeaderboardMe | null): string {
  if (!me) return 'none';
  return [me.visibility, me.ranked, me.rank, me.points, me.toPass?.name, me.toPass?.points].join('|');
}

/** The rows to show around the member when they are outside the top list (their own row included). */
export function neighbourRows(me: LeaderboardMe | null, entries: readonly LeaderboardEntry[]): LeaderboardEntry[] {
  if (!me || me.neighbours.length === 0) return [];
  if (entries.some((e) => e.isMe)) return [];
  const shown = new Set(entries.map((e) => e.memberId));
  return me.neighbours.filter((n) => !shown.has(n.memberId));
}

/** A board id from a route: `global`, `group:<id>`, `segment:<id>`, `event:<id>`; else null. */
export function parseBoard(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.toLowerCase();
  return /^(global|(group|segment|event):[0-9a-f-]{36})$/.test(v) ? v : null;
}
