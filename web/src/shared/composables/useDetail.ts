import { ref, watch, type Ref } from 'vue';
import { isApiError } from '../api/client';
import { errorMessage } from '../lib/errors';

/** Where a detail page finds its item: a list's copy for the first paint, and the server's. */
export interface DetailSource<T> {
  find(id: string): T | null;
  fetchOne(id: string, signal?: AbortSignal): Promise<T>;
}

/**
 * One item by id for a detail page: shown at once from the list's copy when there is one, then
 * replaced by a fresh copy from the server. A 404 (or a malformed id) means "not found"; a newer
 * load aborts the one still running.
 */
export function useDetail<T>(id: () => string, source: DetailSource<T>, failure: string) {
  const item = ref<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const notFound = ref(false);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    notFound.value = false;
    try {
      item.value = await source.fetchOne(id(), mine.signal);
    } catch (err) {
      if (mine.signal.aborted) return;
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        notFound.value = true;
        item.value = null;
      } else {
        error.value = errorMessage(err, failure);
      }
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  watch(
    id,
    (value) => {
      item.value = source.find(value);
      void load();
    },
    { immediate: true },
  );

  return { item, loading, notFound, error, load };
}
