import { computed, ref } from 'vue';
import type { RewardView } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { useRewardsStore } from '../store';
import { useQueryTab } from '@/shared/composables/useQueryTab';

export type CatalogTab = 'all' | 'affordable';
const TABS: readonly CatalogTab[] = ['all', 'affordable'];

/** "Affordable now": nothing stands between the member and redeeming it. */
export function isRedeemable(r: RewardView): boolean {
  return r.blocked === null;
}

/** The reward catalog in the server's order (featured first), filtered by tab (kept in `?tab=`). */
export function useRewardCatalog() {
  const store = useRewardsStore();
  const loading = ref(false);
  const error = ref<string | null>(null);

  const tab = useQueryTab(TABS, 'all');

  const byTab = computed<Record<CatalogTab, RewardView[]>>(() => ({
    all: store.items,
    affordable: store.items.filter(isRedeemable),
  }));
  const visible = computed(() => byTab.value[tab.value]);
  const counts = computed(() => ({ all: byTab.value.all.length, affordable: byTab.value.affordable.length }));
  /** The cheapest reward still out of reach, for the "nothing affordable yet" state. */
  const nearest = computed(() =>
    store.items
      .filter((r) => r.blocked === 'insufficient_points')
      .reduce<RewardView | null>((best, r) => (!best || r.pointsToGo < best.pointsToGo ? r : best), null),
  );

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      await store.load();
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the rewards.');
    } finally {
      loading.value = false;
    }
  }

  return {
    tab,
    visible,
    counts,
    nearest,
    balance: computed(() => store.balance),
    loading,
    error,
    loaded: computed(() => store.loaded),
    load,
  };
}
