import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dayWindow,
  recommendationScore,
  repeatBlock,
  targetingAllows,
} from '../../server/src/modules/challenges/rules.js';
import { gradeQuiz } from '../../server/src/modules/challenges/stages/quiz.js';
import { publicConfig } from '../../server/src/modules/challenges/stages/index.js';

describe('program days', () => {
  it('a normal Berlin day is 24 hours, from local midnight', () => {
    const { start, end } = dayWindow(new Date('2026-06-10T10:00:00Z'), 'Europe/Berlin');
    expect(start.toISOString()).toBe('2026-06-09T22:00:00.000Z');
    expect(end.toISOString()).toBe('2026-06-10T22:00:00.000Z');
  });
  it('the spring-forward day is 23 hours and the fall-back day 25 hours', () => {
    const spring = dayWindow(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3600_000);
    const fall = dayWindow(new Date('2026-10-25T12:00:00Z'), 'Europe/Berlin');
    expect(fall.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(fall.end.getTime() - fall.start.getTime()).toBe(25 * 3600_000);
  });
  it('property: every instant lies in its own day, and consecutive days touch', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'America/Santiago',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (d, tz) => {
          const { start, end } = dayWindow(d, tz);
          expect(start.getTime()).toBeLessThanOrEqual(d.getTime());
          expect(end.getTime()).toBeGreaterThan(d.getTime());
          expect(dayWindow(end, tz).start.getTime()).toBe(end.getTime());
          const hours = (end.getTime() - start.getTime()) / 3600_000;
          expect(hours).toBeGreaterThanOrEqual(23);
          expect(hours).toBeLessThanOrEqual(25);
        },
      ),
    );
  });
});

describe('repeat rules', () => {
  it('once, N times and per-day caps', () => {
    expect(repeatBlock({ mode: 'once', limit: 1, roundsTotal: 0, roundsToday: 0 })).toBeNull();
    expect(repeatBlock({ mode: 'once', limit: 1, roundsTotal: 1, roundsToday: 0 })).toBe('cap_reached');
    expect(repeatBlock({ mode: 'times', limit: 3, roundsTotal: 2, roundsToday: 2 })).toBeNull();
    expect(repeatBlock({ mode: 'times', limit: 3, roundsTotal: 3, roundsToday: 0 })).toBe('cap_reached');
    expect(repeatBlock({ mode: 'daily', limit: 2, roundsTotal: 50, roundsToday: 1 })).toBeNull();
    expect(repeatBlock({ mode: 'daily', limit: 2, roundsTotal: 50, roundsToday: 2 })).toBe('daily_cap_reached');
  });
});

describe('quizzes', () => {
  const config = {
    kind: 'quiz' as const,
    passMark: 50,
    maxAttempts: 3,
    questions: [
      { id: 'a', prompt: 'A', options: ['x', 'y'], correct: [1] },
      { id: 'b', prompt: 'B', options: ['x', 'y', 'z'], correct: [0, 2] },
      { id: 'c', prompt: 'C', options: ['x', 'y'], correct: [0] },
    ],
  };
  it('scores whole questions: every correct option and no wrong one', () => {
    expect(gradeQuiz(config, { a: [1], b: [2, 0], c: [0] })).toBe(100);
    expect(gradeQuiz(config, { a: [1], b: [0], c: [0] })).toBe(66);
    expect(gradeQuiz(config, { a: [1, 0], b: [0, 1, 2] })).toBe(0);
    expect(gradeQuiz(config, {})).toBe(0);
  });
  it('never shows answers to advocates', () => {
    const shown = publicConfig('quiz', config as unknown as Record<string, unknown>);
    expect(JSON.stringify(shown)).not.toContain('correct');
    expect(publicConfig('checkin', { code: 'X1' })).toEqual({});
  });
});

describe('recommendations', () => {
  it('put what can be done first, then targeted, then what closes the gap to the next level', () => {
    const base = { targeted: false, actionable: true, featured: false, points: 10, pointsToNextLevel: 100 };
    expect(recommendationScore(base)).toBeGreaterThan(recommendationScore({ ...base, actionable: false }));
    expect(recommendationScore({ ...base, targeted: true })).toBeGreaterThan(recommendationScore(base));
    expect(recommendationScore({ ...base, points: 100 })).toBeGreaterThan(recommendationScore({ ...base, points: 10 }));
  });
});

describe('targeting by groups', () => {
  const t = (inc: string[], exc: string[] = []) => ({
    includeGroupIds: inc,
    excludeGroupIds: exc,
    includeSegmentIds: [],
    excludeSegmentIds: [],
  });
  it('no include list: everyone but the excluded; include list: only members; exclusion wins', () => {
    expect(targetingAllows(t([]), new Set())).toEqual({ visible: true, targeted: false });
    expect(targetingAllows(t([], ['x']), new Set(['x']))).toEqual({ visible: false, targeted: false });
    expect(targetingAllows(t(['a']), new Set(['a']))).toEqual({ visible: true, targeted: true });
    expect(targetingAllows(t(['a']), new Set(['b']))).toEqual({ visible: false, targeted: false });
    expect(targetingAllows(t(['a'], ['b']), new Set(['a', 'b']))).toEqual({ visible: false, targeted: false });
  });
  it('segments: included by group or segment; an excluded segment wins over an included group', () => {
    const seg = {
      includeGroupIds: ['g'],
      excludeGroupIds: [],
      includeSegmentIds: ['s'],
      excludeSegmentIds: ['x'],
    };
    expect(targetingAllows(seg, new Set(), new Set(['s']))).toEqual({ visible: true, targeted: true });
    expect(targetingAllows(seg, new Set(['g']), new Set())).toEqual({ visible: true, targeted: true });
    expect(targetingAllows(seg, new Set(), new Set(['other']))).toEqual({ visible: false, targeted: false });
    expect(targetingAllows(seg, new Set(['g']), new Set(['s', 'x']))).toEqual({ visible: false, targeted: false });
  });
});
