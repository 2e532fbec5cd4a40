import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codesFromRows,
  isLowStock,
  periodWindow,
  rewardBlock,
} from '../../server/src/modules/rewards/rewards.rules.js';

describe('reward limit periods', () => {
  it('weeks start on Monday at local midnight; months and years follow the calendar in the program zone', () => {
    const w = periodWindow(new Date('2026-11-25T12:00:00Z'), 'America/New_York', 'week');
    expect(w.start.toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-30T05:00:00.000Z');
    const m = periodWindow(new Date('2026-03-31T23:30:00Z'), 'Europe/Berlin', 'month');
    expect(m.start.toISOString()).toBe('2026-03-31T22:00:00.000Z'); // already April in Berlin
    expect(m.end.toISOString()).toBe('2026-04-30T22:00:00.000Z');
    const y = periodWindow(new Date('2026-06-01T00:00:00Z'), 'UTC', 'year');
    expect([y.start.toISOString(), y.end.toISOString()]).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });
  it('property: an instant lies in its period, and the next period starts where this one ends', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe'),
        fc.constantFrom('day', 'week', 'month', 'year') as fc.Arbitrary<'day' | 'week' | 'month' | 'year'>,
        (d, zone, period) => {
          const p = periodWindow(d, zone, period);
          expect(p.start.getTime()).toBeLessThanOrEqual(d.getTime());
          expect(d.getTime()).toBeLessThan(p.end.getTime());
          expect(periodWindow(p.end, zone, period).start.getTime()).toBe(p.end.getTime());
        },
      ),
    );
  });
});

describe('what blocks a redemption', () => {
  const base = {
    cost: 100,
    stock: 3,
    limitPerMember: 2,
    limitPerPeriod: 1,
    minLevelRank: 2,
    balance: 500,
    memberRank: 2,
    mine: 0,
    mineInPeriod: 0,
  };
  it('level first, then stock, limits, and points last', () => {
    expect(rewardBlock(base)).toBeNull();
    expect(rewardBlock({ ...base, memberRank: 1, stock: 0 })).toBe('locked');
    expect(rewardBlock({ ...base, stock: 0, balance: 0 })).toBe('out_of_stock');
    expect(rewardBlock({ ...base, mine: 2, balance: 0 })).toBe('limit_reached');
    expect(rewardBlock({ ...base, mineInPeriod: 1 })).toBe('period_limit_reached');
    expect(rewardBlock({ ...base, balance: 99 })).toBe('insufficient_points');
    expect(
      rewardBlock({ ...base, stock: null, limitPerMember: null, limitPerPeriod: null, minLevelRank: null }),
    ).toBeNull();
  });
  it('low stock is a threshold on limited stock only', () => {
    expect(isLowStock(null, 5)).toBe(false);
    expect([isLowStock(5, 5), isLowStock(6, 5), isLowStock(0, 0)]).toEqual([true, false, true]);
  });
});

describe('codes from CSV rows', () => {
  it('first column, trimmed; header and blanks skipped; duplicates counted once', () => {
    expect(codesFromRows([['code'], [' A '], ['B', 'extra'], [''], ['A'], ['C']])).toEqual({
      codes: ['A', 'B', 'C'],
      duplicates: 1,
      invalid: 0,
    });
    expect(codesFromRows([['x'.repeat(201)]]).invalid).toBe(1);
  });
});
