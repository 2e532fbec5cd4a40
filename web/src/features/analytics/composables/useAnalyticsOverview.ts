import { onMounted, reactive, ref, watch } from 'vue';
import type { AnalyticsOverview } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { analyticsApi, type OverviewFilters } from '../api';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The dashboard's filters (date range, segment) and the overview they select, reloaded on change. */
export function useAnalyticsOverview() {
  const today = new Date();
  const filters = reactive<{ from: string; to: string; segmentId: string }>({
    from: isoDay(new Date(today.getTime() - 89 * 86_400_000)),
    to: isoDay(today),
    segmentId: 'all',
  });
  const overview = ref<AnalyticsOverview | null>(null);
  const segments = ref<{ id: string; name: string }[]>([]);
  const error = ref<string | null>(null);
  const loading = ref(false);
  let controller: AbortController | null = null;

  const query = (): OverviewFilters => ({
    from: filters.from || undefined,
    to: filters.to || undefined,
    segmentId: filters.segmentId === 'all' ? undefined : filters.segmentId,
  });

  async function load(): Promise<void> {
    controller?.abort();
    controller = new AbortController();
    error.value = null;
    loading.value = true;
    try {
      overview.value = (await analyticsApi.overview(query(), controller.signal)).overview;
    } catch (err) {
      if ((err as Error).name !== 'AbortError') error.value = errorMessage(err, 'Could not load the analytics.');
    } finally {
      loading.value = false;
    }
  }

  function preset(days: number): void {
    const end = new Date();
    filters.to = isoDay(end);
    filters.from = isoDay(new Date(end.getTime() - (days - 1) * 86_400_000));
  }

  watch(filters, () => void load());
  onMounted(async () => {
    void load();
    try {
      segments.value = (await analyticsApi.segments()).segments;
    } catch {
      segments.value = [];
    }
  });

  return { filters, overview, segments, error, loading, load, preset, query };
}
