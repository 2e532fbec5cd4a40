import { describe, expect, it } from 'vitest';
import type { CoverageCell } from '@advocate-hub/shared';
import { axis, cellLabel, grid, heat } from '../../web/src/features/references/lib/coverage';
import { toCsv } from '../../web/src/features/references/lib/csv';
import { splitList } from '../../web/src/features/references/lib/labels';

const cell = (product: string | null, region: string | null, supply: number, demand: number): CoverageCell => ({
  product,
  industry: null,
  region,
  companySize: null,
  supply,
  demand,
  gap: demand - supply,
  recruitments: [],
});

describe('the coverage heatmap', () => {
  const cells = [cell('Pipelines', 'NA', 2, 1), cell('Analytics', 'EMEA', 0, 3), cell('Analytics', null, 1, 0)];

  it('lays the cells out by rows and columns, in order, with "not given" last', () => {
    expect(axis(cells, 'product')).toEqual(['Analytics', 'Pipelines']);
    expect(axis(cells, 'region')).toEqual(['EMEA', 'NA', null]);
    const m = grid(cells, 'product', 'region');
    expect(m.cell('Analytics', 'EMEA')).toBe(cells[1]);
    expect(m.cell('Analytics', null)).toBe(cells[2]);
    expect(m.cell('Pipelines', 'EMEA')).toBeNull();
  });

  it('has one column when no column dimension is chosen', () => {
    const m = grid([cell('Analytics', null, 1, 2)], 'product', null);
    expect(m.cols).toEqual([null]);
    expect(m.cell('Analytics', null)?.gap).toBe(1);
  });

  it('colours thin cells red (the thinnest strongest), covered ones green, and leaves cells without demand plain', () => {
    expect(heat(cell('A', 'NA', 0, 3), 3).background).toContain('#dc2626 28%');
    expect(heat(cell('A', 'NA', 2, 3), 3).background).toContain('#dc2626 16%');
    expect(heat(cell('A', 'NA', 3, 3), 3).background).toContain('#16a34a');
    expect(heat(cell('A', 'NA', 3, 0), 3).background).toBe('transparent');
    expect(heat(null, 3).background).toBe('transparent');
  });

  it('names a cell by its given coordinates', () => {
    expect(cellLabel(cell('Analytics', 'EMEA', 0, 0))).toBe('Analytics · EMEA');
    expect(cellLabel(cell(null, null, 0, 0))).toBe('Everyone');
  });
});

describe('the reference desk forms and exports', () => {
  it('reads a comma-separated list once per item, without blanks', () => {
    expect(splitList(' Lumen Analytics, ,Lumen Pipelines,Lumen Analytics ')).toEqual([
      'Lumen Analytics',
      'Lumen Pipelines',
    ]);
  });

  it('quotes CSV cells that need it', () => {
    expect(
      toCsv(
        ['metric', 'value'],
        [
          ['Declined: "busy", later', 2],
          ['Show rate', null],
        ],
      ),
    ).toBe('metric,value\r\n"Declined: ""busy"", later",2\r\nShow rate,\r\n');
  });
});
