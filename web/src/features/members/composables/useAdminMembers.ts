import { ref, watch } from 'vue';
import type { AdminMember, MemberStatus, Role } from '@advocate-hub/shared';
import { membersApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { useDebounced } from '@/shared/composables/useDebounced';

/** The admin member list: search and filters, cursor pages appended with "Load more". */
export function useAdminMembers(pageSize = 25) {
  const q = ref('');
  const role = ref<Role | null>(null);
  const status = ref<MemberStatus | null>(null);

  const members = ref<AdminMember[]>([]);
  const total = ref(0);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);

  let controller: AbortController | null = null;

  function filter() {
    return { q: q.value, role: role.value, status: status.value, limit: pageSize };
  }

  async function reload(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const page = await membersApi.members(filter(), mine.signal);
      members.value = page.members;
      total.value = page.total;
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (mine.signal.aborted) return;
      error.value = errorMessage(err, 'Could not load the members.');
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    const mine = controller ?? new AbortController();
    loadingMore.value = true;
    error.value = null;
    try {
      const page = await membersApi.members({ ...filter(), cursor: nextCursor.value }, mine.signal);
      if (mine.signal.aborted) return;
      const seen = new Set(members.value.map((m) => m.id));
      members.value = [...members.value, ...page.members.filter((m) => !seen.has(m.id))];
      total.value = page.total;
      nextCursor.value = page.nextCursor;
    } catch (err) {
      if (!mine.signal.aborted) error.value = errorMessage(err, 'Could not load more members.');
    } finally {
      loadingMore.value = false;
    }
  }

  /** Put an updated member back in place (after a role change, suspension…). */
  function replace(member: AdminMember): void {
    const i = members.value.findIndex((m) => m.id === member.id);
    if (i >= 0) members.value.splice(i, 1, member);
  }

  const reloadSoon = useDebounced(() => void reload(), 300);
  watch(q, () => reloadSoon());
  watch([role, status], () => {
    reloadSoon.cancel();
    void reload();
  });

  return { q, role, status, members, total, nextCursor, loading, loadingMore, error, reload, loadMore, replace };
}
