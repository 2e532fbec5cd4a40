import { computed } from 'vue';
import { useRoute } from 'vue-router';
import { useCursorList } from '@/shared/composables/useCursorList';
import { communityApi } from '../api';

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Full-text search over what I may read, with the words and filters kept in the address. */
export function useCommunitySearch() {
  const route = useRoute();
  const params = computed(() => ({
    q: one(route.query.q) ?? '',
    categoryId: one(route.query.categoryId),
    authorId: one(route.query.authorId),
  }));
  let key = '';

  const list = useCursorList(
    async (cursor) => {
      const res = await communityApi.search({ ...params.value, cursor, limit: 20 });
      return { items: res.results.map((r) => ({ ...r, id: r.postId })), nextCursor: res.nextCursor };
    },
    { load: 'The search did not work. Please try again.', more: 'Could not load more results.' },
  );

  /** Search again when the words or filters changed. */
  function run(): void {
    const next = JSON.stringify(params.value);
    if (next === key && list.loaded.value && !list.error.value) return;
    key = next;
    if (params.value.q) void list.reload();
  }

  return { params, ...list, run };
}
