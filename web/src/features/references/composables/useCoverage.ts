import { computed, ref, watch } from 'vue';
import type { CoverageCell, CoverageDimension } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { adminReferencesApi } from '../api';
import { grid } from '../lib/coverage';

/** The coverage matrix by two chosen dimensions (rows and columns), and "recruit here" on a cell. */
export function useCoverage() {
  const rowDim = ref<CoverageDimension>('product');
  const colDim = ref<CoverageDimension | null>('region');
  const cells = ref<CoverageCell[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  const by = computed(() =>
    colDim.value && colDim.value !== rowDim.value ? [rowDim.value, colDim.value] : [rowDim.value],
  );

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    error.value = null;
    try {
      cells.value = (await adminReferencesApi.coverage(by.value, mine.signal)).cells;
      loaded.value = true;
    } catch (err) {
      if (!mine.signal.aborted) error.value = errorMessage(err, 'Could not load the coverage.');
    }
  }
  watch(by, load);

  const matrix = computed(() => grid(cells.value, rowDim.value, by.value[1] ?? null));
  const maxGap = computed(() => Math.max(0, ...cells.value.map((c) => c.gap)));
  const thin = computed(() => cells.value.filter((c) => c.gap > 0));

  async function recruit(cell: CoverageCell) {
    const result = await adminReferencesApi.recruit({
      product: cell.product,
      industry: cell.industry,
      region: cell.region,
      companySize: cell.companySize,
    });
    await load();
    return result;
  }

  return { rowDim, colDim, by, cells, loaded, error, load, matrix, maxGap, thin, recruit };
}
