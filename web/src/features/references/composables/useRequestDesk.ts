import { ref } from 'vue';
import type { ReferenceMatch } from '@advocate-hub/shared';
import { useDetail } from '@/shared/composables/useDetail';
import { isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { requestsApi } from '../api';
import { useReferenceRequestsStore } from '../store';

/**
 * One request on the desk: the request with its asks, the ranked matches, and what the requester
 * (or an admin) does with them: ask, pick a time, confirm. After each step the request and the
 * matches are read again, so fatigue and "already asked" stay true.
 */
export function useRequestDesk(id: () => string) {
  const store = useReferenceRequestsStore();
  const detail = useDetail(id, store, 'Could not load this request.');
  const matches = ref<ReferenceMatch[]>([]);
  const matchesLoaded = ref(false);
  const matchesError = ref<string | null>(null);
  /** The server refused a requester's ask: only admins send them in this program. */
  const sendingNotAllowed = ref(false);

  async function loadMatches(): Promise<void> {
    matchesError.value = null;
    try {
      matches.value = (await requestsApi.matches(id())).matches;
      matchesLoaded.value = true;
    } catch (err) {
      matchesError.value = errorMessage(err, 'Could not load the matches.');
    }
  }

  async function refresh(): Promise<void> {
    await Promise.all([detail.load(), loadMatches()]);
  }

  async function ask(memberId: string, message: string | null): Promise<void> {
    try {
      await requestsApi.ask(id(), memberId, message);
    } catch (err) {
      if (isApiError(err, 'references.send_not_allowed')) sendingNotAllowed.value = true;
      throw err;
    }
    await refresh();
  }

  async function schedule(askId: string, slot: string): Promise<void> {
    await requestsApi.schedule(askId, slot);
    await detail.load();
  }

  async function confirm(askId: string, happened: boolean): Promise<void> {
    await requestsApi.confirm(askId, happened);
    await refresh();
  }

  return { ...detail, matches, matchesLoaded, matchesError, sendingNotAllowed, loadMatches, ask, schedule, confirm };
}
