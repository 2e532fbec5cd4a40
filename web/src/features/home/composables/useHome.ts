import { ref, watch } from 'vue';
import type { HomeResponse } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { errorMessage } from '@/shared/lib/errors';
import { homeApi } from '../api';

/**
 * The home dashboard's data, read in one request. It is read again when the member's points or
 * level change (pushed to the session while the page is open), so "do this next" and the
 * affordable rewards follow what the member just did.
 */
export function useHome() {
  const session = useSessionStore();
  const home = ref<HomeResponse | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  const dismissing = ref(false);
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      home.value = await homeApi.home(mine.signal);
      error.value = null;
    } catch (err) {
      if (mine.signal.aborted) return;
      error.value = errorMessage(err, 'Could not load your home page.');
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  async function dismissIntro(): Promise<void> {
    if (!home.value) return;
    dismissing.value = true;
    try {
      await homeApi.dismissIntro();
      home.value = { ...home.value, showIntro: false };
    } catch (err) {
      error.value = errorMessage(err, 'Could not put the explainer away. Try again.');
    } finally {
      dismissing.value = false;
    }
  }

  watch(
    () => [session.me?.balance, session.me?.lifetime] as const,
    (now, before) => {
      if (home.value && before && (now[0] !== before[0] || now[1] !== before[1])) void load();
    },
  );

  return { home, error, loading, dismissing, load, dismissIntro };
}
