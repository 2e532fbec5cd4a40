import { ref, type Ref } from 'vue';
import { errorMessage } from '../lib/errors';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read in cursor pages, newest first: the first page on `reload`, the next on `loadMore`
 * (items already shown are not repeated). A reload while an older request runs wins over it.
 */
export function useCursorList<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<CursorPage<T>>,
  messages: { load: string; more: string },
) {
  const items = ref<T[]>([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  async function fetchInto(cursor: string | null, busy: Ref<boolean>, failure: string): Promise<void> {
    const mine = cursor === null ? ++generation : generation;
    busy.value = true;
    error.value = null;
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      const seen = new Set(cursor === null ? [] : items.value.map((i) => i.id));
      items.value = [...(cursor === null ? [] : items.value), ...page.items.filter((i) => !seen.has(i.id))];
      nextCursor.value = page.nextCursor;
      loaded.value = true;
    } catch (err) {
      if (mine === generation) error.value = errorMessage(err, failure);
    } finally {
      if (mine === generation) busy.value = false;
    }
  }

  function reload(): Promise<void> {
    return fetchInto(null, loading, messages.load);
  }

  function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return Promise.resolve();
    return fetchInto(nextCursor.value, loadingMore, messages.more);
  }

  /**
   * The caller changed the list in place (a decision took an item out). A first page already on
   * its way may have been read before that change and would bring the old item back: fetch again.
   */
  function afterLocalChange(): void {
    if (loading.value) void reload();
  }

  /** Put a fresh copy of one item in place. */
  function replace(item: T): void {
    const i = items.value.findIndex((x) => x.id === item.id);
    if (i >= 0) items.value.splice(i, 1, item);
  }

  return { items, nextCursor, loaded, loading, loadingMore, error, reload, loadMore, replace, afterLocalChange };
}
