import { DateTime } from 'luxon';
import type { Range } from './engine/standing.js';
import { ALL_TIME } from './engine/engine.js';

/**
 * The calendar periods of a board in the program's time zone: this month, and this ISO week
 * (Monday to Monday), whatever daylight saving does in between.
 */
export function calendarRange(kind: 'month' | 'week', now: Date, timezone: string): Range {
  const start = DateTime.fromJSDate(now, { zone: timezone }).startOf(kind);
  const end = kind === 'month' ? start.plus({ months: 1 }) : start.plus({ weeks: 1 });
  return { key: `${kind}:${start.toMillis()}`, start: start.toMillis(), end: end.toMillis() };
}

export function datedRange(prefix: string, startsAt: Date, endsAt: Date): Range {
  return {
    key: `${prefix}:${startsAt.getTime()}-${endsAt.getTime()}`,
    start: startsAt.getTime(),
    end: endsAt.getTime(),
  };
}

export { ALL_TIME };
