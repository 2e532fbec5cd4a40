import { computed, ref, watch } from 'vue';
import type { ChallengeView } from '@advocate-hub/shared';
import { isApiError } from '@/api/client';
import { errorMessage } from '@/lib/errors';
import { useChallengesStore } from '@/stores/challenges';

/**
 * One challenge for the member: shown at once from the feed's copy when there is one, then
 * replaced by a fresh copy from the server (which has the stage configs and progress).
 */
export function useChallengeDetail(id: () => string) {
  const store = useChallengesStore();
  const challenge = ref<ChallengeView | null>(null);
  const loading = ref(false);
  const notFound = ref(false);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    notFound.value = false;
    try {
      challenge.value = await store.fetchOne(id(), mine.signal);
    } catch (err) {
      if (mine.signal.aborted) return;
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        notFound.value = true;
        challenge.value = null;
      } else {
        error.value = errorMessage(err, 'Could not load this challenge.');
      }
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  watch(
    id,
    (value) => {
      challenge.value = store.find(value);
      void load();
    },
    { immediate: true },
  );

  const ready = computed(() => challenge.value !== null);

  return { challenge, loading, notFound, error, ready, load };
}
