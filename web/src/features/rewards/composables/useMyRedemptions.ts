import { ref } from 'vue';
import type { Redemption } from '@advocate-hub/shared';
import { rewardsApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { useRewardsStore } from '../store';
import { useSessionStore } from '@/features/auth';
import { useCursorList } from '@/shared/composables/useCursorList';

/** The member's redemptions, newest first, and cancelling one that still waits for approval. */
export function useMyRedemptions(pageSize = 20) {
  const session = useSessionStore();
  const rewards = useRewardsStore();
  const list = useCursorList<Redemption>(
    async (cursor) => {
      const page = await rewardsApi.mine({ limit: pageSize, cursor });
      return { items: page.redemptions, nextCursor: page.nextCursor };
    },
    { load: 'Could not load your redemptions.', more: 'Could not load more of your redemptions.' },
  );

  const cancelling = ref<Redemption | null>(null);

  /** Cancel the picked redemption; the points come back, so the balance and catalog are refreshed. */
  async function cancel(): Promise<void> {
    const target = cancelling.value;
    if (!target) return;
    try {
      const { redemption } = await rewardsApi.cancel(target.id);
      list.replace(redemption);
    } catch (err) {
      // Someone (the program team) decided in the meantime: show the current state with the error.
      void list.reload();
      throw new Error(errorMessage(err, 'Could not cancel this redemption.'));
    } finally {
      void Promise.allSettled([session.fetchMe(), rewards.loaded ? rewards.load() : Promise.resolve()]);
    }
  }

  return { ...list, cancelling, cancel };
}
