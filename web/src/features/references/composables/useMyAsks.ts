import { ref } from 'vue';
import { useSessionStore } from '@/features/auth';
import { errorMessage } from '@/shared/lib/errors';
import { advocateReferencesApi, requestsApi, type AskDecision, type MyReferenceAsk } from '../api';

/** The asks made of the signed-in advocate, newest first, and their answers to them. */
export function useMyAsks() {
  const session = useSessionStore();
  const asks = ref<MyReferenceAsk[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      asks.value = (await advocateReferencesApi.asks()).asks;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load your asks.');
    }
  }

  /** Keeps the request details the answer does not carry. */
  function merge(ask: Omit<MyReferenceAsk, 'request'>): void {
    const i = asks.value.findIndex((a) => a.id === ask.id);
    if (i >= 0) asks.value.splice(i, 1, { ...asks.value[i]!, ...ask, member: asks.value[i]!.member });
  }

  async function answer(id: string, body: AskDecision): Promise<void> {
    merge((await advocateReferencesApi.answer(id, body)).ask);
  }

  async function confirm(id: string, happened: boolean): Promise<void> {
    const { ask } = await requestsApi.confirm(id, happened);
    merge(ask);
    // Points landed: the header's balance and level follow.
    if (ask.status === 'completed') await session.fetchMe().catch(() => null);
  }

  return { asks, loaded, error, load, answer, confirm };
}
