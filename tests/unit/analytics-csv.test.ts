import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCell, toCsv } from '../../server/src/modules/analytics/analytics.csv.js';

describe('analytics CSV', () => {
  it('a cell a spreadsheet would run as a formula starts with an apostrophe', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(safeCell(v)).toBe(`'${v}`);
    expect(safeCell('Review')).toBe('Review');
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBe('');
  });

  it('no text cell of any export starts with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 5 }), (rows) => {
        for (const row of rows) for (const cell of row) expect(String(safeCell(cell))).not.toMatch(/^[=+\-@\t\r]/);
        expect(typeof toCsv(rows)).toBe('string');
      }),
    );
  });
});
