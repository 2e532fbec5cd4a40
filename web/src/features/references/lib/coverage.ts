import type { CoverageCell, CoverageCellKey, CoverageDimension } from '@advocate-hub/shared';

export const dimensionLabel: Record<CoverageDimension, string> = {
  product: 'Product',
  industry: 'Industry',
  region: 'Region',
  size: 'Company size',
};
const KEY: Record<CoverageDimension, keyof CoverageCellKey> = {
  product: 'product',
  industry: 'industry',
  region: 'region',
  size: 'companySize',
};

export const valueOf = (cell: CoverageCellKey, dim: CoverageDimension) => cell[KEY[dim]];
export const valueLabel = (v: string | null) => v ?? 'Not given';

/** The distinct values of one dimension over the cells, in order, "not given" last. */
export function axis(cells: CoverageCell[], dim: CoverageDimension): (string | null)[] {
  const values = [...new Set(cells.map((c) => valueOf(c, dim)))];
  return values.sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
}

/** The matrix of rows × columns (a single column when `col` is null), each place its cell or null. */
export function grid(cells: CoverageCell[], row: CoverageDimension, col: CoverageDimension | null) {
  const rows = axis(cells, row);
  const cols = col ? axis(cells, col) : [null];
  const at = new Map(cells.map((c) => [`${valueOf(c, row)}\u0000${col ? valueOf(c, col) : null}`, c]));
  return {
    rows,
    cols,
    cell: (r: string | null, c: string | null) => at.get(`${r}\u0000${c}`) ?? null,
  };
}

/** A cell's words: "Lumen Analytics · EMEA". */
export const cellLabel = (c: CoverageCellKey) =>
  [c.product, c.industry, c.region, c.companySize].filter(Boolean).join(' · ') || 'Everyone';

/**
 * The cell's colour: thin cells (demand above supply) red, the thinner the stronger; covered cells
 * with demand green; cells nobody asks for plain.
 */
export function heat(cell: CoverageCell | null, maxGap: number): { background: string; color?: string } {
  if (!cell || cell.demand === 0) return { background: 'transparent' };
  if (cell.gap <= 0) return { background: 'color-mix(in srgb, #16a34a 14%, transparent)' };
  const share = Math.min(1, cell.gap / Math.max(1, maxGap));
  return { background: `color-mix(in srgb, #dc2626 ${Math.round(10 + share * 18)}%, transparent)` };
}
