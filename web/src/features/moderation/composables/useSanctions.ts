import { ref } from 'vue';
import { moderationApi, type ActiveSanction } from '../api';
import { errorMessage } from '@/shared/lib/errors';

/** The sanctions in force now, soonest to end first (those until lifted last). */
export function useActiveSanctions() {
  const sanctions = ref<ActiveSanction[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const list = (await moderationApi.sanctions({ active: true })).sanctions;
      const end = (s: ActiveSanction) => (s.endsAt ? Date.parse(s.endsAt) : Number.POSITIVE_INFINITY);
      sanctions.value = [...list].sort((a, b) => end(a) - end(b));
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the sanctions.');
    } finally {
      loading.value = false;
    }
  }

  return { sanctions, loading, loaded, error, load };
}
