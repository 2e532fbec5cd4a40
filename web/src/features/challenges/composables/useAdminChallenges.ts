import { ref, watch } from 'vue';
import type { AdminChallenge, ChallengeStatus } from '@advocate-hub/shared';
import { adminChallengesApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { useDebounced } from '@/shared/composables/useDebounced';

export type ChallengeAction = 'publish' | 'archive' | 'duplicate';

/** The admin's challenge list with status filter and search, and the row actions. */
export function useAdminChallenges() {
  const q = ref('');
  const status = ref<ChallengeStatus | null>(null);
  const challenges = ref<AdminChallenge[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function reload(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const res = await adminChallengesApi.challenges({ status: status.value, q: q.value }, mine.signal);
      challenges.value = res.challenges;
      loaded.value = true;
    } catch (err) {
      if (mine.signal.aborted) return;
      error.value = errorMessage(err, 'Could not load the challenges.');
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  function matchesFilter(c: AdminChallenge): boolean {
    return !status.value || c.status === status.value;
  }

  /** Publish, archive or duplicate; returns the changed (or new) challenge, throws the API error. */
  async function run(challenge: AdminChallenge, action: ChallengeAction): Promise<AdminChallenge> {
    busyId.value = challenge.id;
    try {
      const call =
        action === 'publish'
          ? adminChallengesApi.publishChallenge
          : action === 'archive'
            ? adminChallengesApi.archiveChallenge
            : adminChallengesApi.duplicateChallenge;
      const { challenge: result } = await call(challenge.id);
      if (action === 'duplicate') {
        const i = challenges.value.findIndex((c) => c.id === challenge.id);
        if (matchesFilter(result)) challenges.value.splice(i + 1, 0, result);
      } else {
        const i = challenges.value.findIndex((c) => c.id === result.id);
        if (i >= 0) {
          if (matchesFilter(result)) challenges.value.splice(i, 1, result);
          else challenges.value.splice(i, 1);
        }
      }
      return result;
    } finally {
      busyId.value = null;
    }
  }

  const reloadSoon = useDebounced(() => void reload(), 300);
  watch(q, () => reloadSoon());
  watch(status, () => {
    reloadSoon.cancel();
    void reload();
  });

  return { q, status, challenges, loading, loaded, error, busyId, reload, run };
}
