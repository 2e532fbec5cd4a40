import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { ChallengeView } from '@advocate-hub/shared';
import { challengesApi } from './api';
import { useSessionStore } from '@/features/auth';

/**
 * The challenges visible to the member, in the server's recommended order. Shared by the feed and
 * the challenge page, so opening a card shows it at once while the fresh copy loads.
 */
export const useChallengesStore = defineStore('challenges', () => {
  const items = ref<ChallengeView[]>([]);
  const loaded = ref(false);
  let pending: Promise<ChallengeView[]> | null = null;
  const session = useSessionStore();

  function load(): Promise<ChallengeView[]> {
    pending ??= challengesApi
      .list()
      .then(({ challenges }) => {
        items.value = challenges;
        loaded.value = true;
        return challenges;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function find(id: string): ChallengeView | null {
    return items.value.find((c) => c.id === id) ?? null;
  }

  /** Put a fresh copy of one challenge in place (keeps the list order). */
  function upsert(challenge: ChallengeView): void {
    const i = items.value.findIndex((c) => c.id === challenge.id);
    if (i >= 0) items.value.splice(i, 1, challenge);
  }

  async function fetchOne(id: string, signal?: AbortSignal): Promise<ChallengeView> {
    const { challenge } = await challengesApi.get(id, signal);
    upsert(challenge);
    return challenge;
  }

  /** Forget everything (after signing out). */
  function clear(): void {
    items.value = [];
    loaded.value = false;
  }

  // Another member (or nobody) signed in: their challenges are not ours.
  watch(
    () => session.me?.id,
    () => clear(),
  );

  return { items, loaded, load, find, upsert, fetchOne, clear };
});
