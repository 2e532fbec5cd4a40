import { computed } from 'vue';
import { useChallengesStore } from '../store';
import { useDetail } from '@/shared/composables/useDetail';

/**
 * One challenge for the member: shown at once from the feed's copy when there is one, then
 * replaced by a fresh copy from the server (which has the stage configs and progress).
 */
export function useChallengeDetail(id: () => string) {
  const {
    item: challenge,
    loading,
    notFound,
    error,
    load,
  } = useDetail(id, useChallengesStore(), 'Could not load this challenge.');
  const ready = computed(() => challenge.value !== null);

  return { challenge, loading, notFound, error, ready, load };
}
