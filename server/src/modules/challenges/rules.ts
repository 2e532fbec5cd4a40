/** Pure rules of the challenges engine: no database, unit-tested. */
import { DateTime } from 'luxon';

/** The program day containing `instant`, as UTC instants [start, end). DST-correct (23/25-hour days). */
export function dayWindow(instant: Date, timeZone: string): { start: Date; end: Date } {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day');
  return { start: local.toJSDate(), end: local.plus({ days: 1 }).startOf('day').toJSDate() };
}

export interface RepeatState {
  mode: 'once' | 'times' | 'daily';
  limit: number;
  /** Rounds submitted or completed, ever. */
  roundsTotal: number;
  /** Rounds submitted or completed within the current program day. */
  roundsToday: number;
}

/** Whether another round may start; `null` when it may, else the reason code. */
export function repeatBlock(s: RepeatState): 'cap_reached' | 'daily_cap_reached' | null {
  if (s.mode === 'once') return s.roundsTotal >= 1 ? 'cap_reached' : null;
  if (s.mode === 'times') return s.roundsTotal >= s.limit ? 'cap_reached' : null;
  return s.roundsToday >= s.limit ? 'daily_cap_reached' : null;
}

/**
 * Who may see a challenge: with include lists, only members in one of the included groups or
 * segments; exclusion always wins. `targeted` = included by name, not by default.
 */
export function targetingAllows(
  t: { includeGroupIds: string[]; excludeGroupIds: string[]; includeSegmentIds: string[]; excludeSegmentIds: string[] },
  memberGroups: ReadonlySet<string>,
  memberSegments: ReadonlySet<string> = new Set(),
): { visible: boolean; targeted: boolean } {
  if (t.excludeGroupIds.some((g) => memberGroups.has(g)) || t.excludeSegmentIds.some((s) => memberSegments.has(s)))
    return { visible: false, targeted: false };
  const includes = t.includeGroupIds.length + t.includeSegmentIds.length;
  if (!includes) return { visible: true, targeted: false };
  const included =
    t.includeGroupIds.some((g) => memberGroups.has(g)) || t.includeSegmentIds.some((s) => memberSegments.has(s));
  return { visible: included, targeted: included };
}

/** Whether a targeting mentions any group or segment at all. */
export function isTargeted(t: {
  includeGroupIds: string[];
  excludeGroupIds: string[];
  includeSegmentIds: string[];
  excludeSegmentIds: string[];
}): boolean {
  return (
    t.includeGroupIds.length + t.excludeGroupIds.length + t.includeSegmentIds.length + t.excludeSegmentIds.length > 0
  );
}

/**
 * Feed ordering: targeted challenges, ones not done yet, and ones whose points would close the gap
 * to the member's next level come first.
 */
export function recommendationScore(input: {
  targeted: boolean;
  actionable: boolean;
  featured: boolean;
  points: number;
  pointsToNextLevel: number | null;
}): number {
  let score = 0;
  if (input.actionable) score += 100;
  if (input.targeted) score += 20;
  if (input.featured) score += 10;
  if (input.actionable && input.pointsToNextLevel && input.pointsToNextLevel > 0) {
    score += input.points >= input.pointsToNextLevel ? 15 : Math.round((15 * input.points) / input.pointsToNextLevel);
  }
  return score;
}
