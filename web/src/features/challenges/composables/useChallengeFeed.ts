import { computed, ref } from 'vue';
import type { ChallengeView } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { useChallengesStore } from '../store';
import { useQueryTab } from '@/shared/composables/useQueryTab';

export type FeedTab = 'for-you' | 'all' | 'completed';
const TABS: readonly FeedTab[] = ['for-you', 'all', 'completed'];

/** "For you": what the member can still do — not completed, not locked, not full. */
export function isForYou(c: ChallengeView): boolean {
  return c.myStatus !== 'completed' && c.myStatus !== 'locked' && c.myStatus !== 'full';
}

/**
 * The challenge feed: the server's recommended order, filtered by tab (kept in `?tab=` so the view
 * is shareable), with featured challenges lifted into their own first row.
 */
export function useChallengeFeed() {
  const store = useChallengesStore();
  const loading = ref(false);
  const error = ref<string | null>(null);

  const tab = useQueryTab(TABS, 'for-you');

  const byTab = computed<Record<FeedTab, ChallengeView[]>>(() => ({
    'for-you': store.items.filter(isForYou),
    all: store.items,
    completed: store.items.filter((c) => c.myStatus === 'completed' || c.myCompletions > 0),
  }));

  const visible = computed(() => byTab.value[tab.value]);
  const featured = computed(() => visible.value.filter((c) => c.featured));
  const others = computed(() => visible.value.filter((c) => !c.featured));
  const counts = computed(() => ({
    'for-you': byTab.value['for-you'].length,
    all: byTab.value.all.length,
    completed: byTab.value.completed.length,
  }));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      await store.load();
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the challenges.');
    } finally {
      loading.value = false;
    }
  }

  return { tab, visible, featured, others, counts, loading, error, loaded: computed(() => store.loaded), load };
}
