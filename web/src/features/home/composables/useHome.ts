import { ref, watch } from 'vue';
import type { HomeResponse } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { useDetail } from '@/shared/composables/useDetail';
import { errorMessage } from '@/shared/lib/errors';
import { homeApi } from '../api';

/**
 * The home dashboard's data, read in one request (at once). It is read again when the member's
 * points or level change (pushed to the session while the page is open), so "do this next" and the
 * affordable rewards follow what the member just did.
 */
export function useHome() {
  const session = useSessionStore();
  const {
    item: home,
    error,
    load,
  } = useDetail<HomeResponse>(
    () => 'me',
    { find: () => null, fetchOne: (_id, signal) => homeApi.home(signal) },
    'Could not load your home page.',
  );
  const dismissing = ref(false);
  const dismissError = ref<string | null>(null);

  async function dismissIntro(): Promise<void> {
    if (!home.value) return;
    dismissing.value = true;
    dismissError.value = null;
    try {
      await homeApi.dismissIntro();
      home.value = { ...home.value, showIntro: false };
    } catch (err) {
      dismissError.value = errorMessage(err, 'Could not put the explainer away. Try again.');
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

  return { home, error, dismissing, dismissError, load, dismissIntro };
}
