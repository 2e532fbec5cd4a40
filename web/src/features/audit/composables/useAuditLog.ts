import { ref } from 'vue';
import { auditApi, type AuditEntry } from '../api';
import { errorMessage } from '@/shared/lib/errors';

/** The activity log, newest first, in cursor pages. */
export function useAuditLog(pageSize = 50) {
  const entries = ref<AuditEntry[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);

  async function reload(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await auditApi.audit({ limit: pageSize });
      entries.value = page.entries;
      nextCursor.value = page.nextCursor;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the activity log.');
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    loadingMore.value = true;
    error.value = null;
    try {
      const page = await auditApi.audit({ limit: pageSize, cursor: nextCursor.value });
      const seen = new Set(entries.value.map((e) => e.id));
      entries.value = [...entries.value, ...page.entries.filter((e) => !seen.has(e.id))];
      nextCursor.value = page.nextCursor;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load more activity.');
    } finally {
      loadingMore.value = false;
    }
  }

  return { entries, nextCursor, loading, loadingMore, error, reload, loadMore };
}
