import { useCursorList } from '@/shared/composables/useCursorList';
import { communityApi } from '../api';

/** Threads newest activity first (pinned first in a category), in cursor pages; all categories without one. */
export function useThreadList(categoryId: () => string | undefined, limit = 30) {
  return useCursorList(
    async (cursor) => {
      const res = await communityApi.threads({ categoryId: categoryId(), cursor, limit });
      return { items: res.threads, nextCursor: res.nextCursor };
    },
    { load: 'Could not load the threads.', more: 'Could not load more threads.' },
  );
}
