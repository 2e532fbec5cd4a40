import { ref } from 'vue';
import type { PointEntry, PointsPage } from '../api';
import { errorMessage } from '@/shared/lib/errors';

type Fetch = (params: { limit: number; cursor?: string | null }) => Promise<PointsPage>;

/** A ledger, newest first, in cursor pages: the member's own or, for admins, any member's. */
export function usePointsHistory(fetchPage: Fetch, pageSize = 20) {
  const entries = ref<PointEntry[]>([]);
  const balance = ref<number | null>(null);
  const lifetime = ref<number | null>(null);
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage({ limit: pageSize });
      if (mine !== generation) return;
      entries.value = page.entries;
      nextCursor.value = page.nextCursor;
      balance.value = page.balance;
      lifetime.value = page.lifetime;
      loaded.value = true;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err, 'Could not load the points history.');
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    error.value = null;
    try {
      const page = await fetchPage({ limit: pageSize, cursor: nextCursor.value });
      if (mine !== generation) return;
      const seen = new Set(entries.value.map((e) => e.id));
      entries.value = [...entries.value, ...page.entries.filter((e) => !seen.has(e.id))];
      nextCursor.value = page.nextCursor;
      balance.value = page.balance;
      lifetime.value = page.lifetime;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err, 'Could not load more of the points history.');
    } finally {
      loadingMore.value = false;
    }
  }

  /** Forget the list (another member was picked). */
  function reset(): void {
    generation++;
    entries.value = [];
    nextCursor.value = null;
    balance.value = null;
    lifetime.value = null;
    loaded.value = false;
    loading.value = false;
    error.value = null;
  }

  /** Show a new entry at the top right away (after an adjustment). */
  function prepend(entry: PointEntry, totals?: { balance: number; lifetime: number }): void {
    entries.value = [entry, ...entries.value.filter((e) => e.id !== entry.id)];
    if (totals) {
      balance.value = totals.balance;
      lifetime.value = totals.lifetime;
    }
  }

  return {
    entries,
    balance,
    lifetime,
    nextCursor,
    loaded,
    loading,
    loadingMore,
    error,
    reload,
    loadMore,
    reset,
    prepend,
  };
}
