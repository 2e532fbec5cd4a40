import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { RewardView } from '@advocate-hub/shared';
import { rewardsApi } from './api';
import { useSessionStore } from '@/features/auth';

/**
 * The rewards the member can see, in the server's order (featured first), and the balance the
 * server judged them against. Shared by the catalog and the reward page, so opening a card shows
 * it at once while the fresh copy loads.
 */
export const useRewardsStore = defineStore('rewards', () => {
  const items = ref<RewardView[]>([]);
  const balance = ref<number | null>(null);
  const loaded = ref(false);
  let pending: Promise<RewardView[]> | null = null;
  const session = useSessionStore();

  /** The balance everywhere on screen: the catalog's answer and the header's /api/me agree. */
  function setBalance(value: number): void {
    balance.value = value;
    if (session.me && session.me.balance !== value) session.me.balance = value;
  }

  function load(): Promise<RewardView[]> {
    pending ??= rewardsApi
      .list()
      .then((body) => {
        items.value = body.rewards;
        setBalance(body.balance);
        loaded.value = true;
        return body.rewards;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function find(id: string): RewardView | null {
    return items.value.find((r) => r.id === id) ?? null;
  }

  async function fetchOne(id: string, signal?: AbortSignal): Promise<RewardView> {
    const body = await rewardsApi.get(id, signal);
    const i = items.value.findIndex((r) => r.id === id);
    if (i >= 0) items.value.splice(i, 1, body.reward);
    setBalance(body.balance);
    return body.reward;
  }

  /** Forget everything (after signing out). */
  function clear(): void {
    items.value = [];
    balance.value = null;
    loaded.value = false;
  }

  // Another member (or nobody) signed in: their catalog is not ours.
  watch(
    () => session.me?.id,
    () => clear(),
  );

  return { items, balance, loaded, load, find, fetchOne, setBalance, clear };
});
