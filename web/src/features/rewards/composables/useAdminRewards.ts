import { computed, ref } from 'vue';
import type { LiabilityResponse, RewardStatus } from '@advocate-hub/shared';
import { adminRewardsApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { useLiveResult } from '@/shared/composables/useLiveResult';

/** The admin's reward catalog with status filter and search (asked again as they change). */
export function useAdminRewards() {
  const q = ref('');
  const status = ref<RewardStatus | null>(null);
  const live = useLiveResult(
    () => ({ q: q.value.trim(), status: status.value }),
    (filter, signal) => adminRewardsApi.list(filter, signal),
    { failure: 'Could not load the rewards.' },
  );
  const rewards = computed(() => live.result.value?.rewards ?? []);
  const loaded = computed(() => live.result.value !== null);
  const loading = computed(() => live.status.value === 'pending');
  const error = computed(() => (live.status.value === 'error' ? live.error.value : null));
  return { q, status, rewards, loaded, loading, error, reload: live.retry };
}

/** Points outstanding and committed, valued at the program's value per point. */
export function useRewardLiability() {
  const liability = ref<LiabilityResponse | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      liability.value = await adminRewardsApi.liability();
    } catch (err) {
      error.value = errorMessage(err, 'Could not work out the points liability.');
    } finally {
      loading.value = false;
    }
  }

  return { liability, error, loading, load };
}
