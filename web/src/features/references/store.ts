import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { ReferenceRequest } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { requestsApi } from './api';

/**
 * The reference requests the member may see (an admin all, a requester their own), newest first.
 * Shared by the list and the detail page, so opening a request shows it at once while the fresh copy loads.
 */
export const useReferenceRequestsStore = defineStore('reference-requests', () => {
  const items = ref<ReferenceRequest[]>([]);
  const loaded = ref(false);
  const session = useSessionStore();

  async function load(signal?: AbortSignal): Promise<ReferenceRequest[]> {
    items.value = (await requestsApi.list(signal)).requests;
    loaded.value = true;
    return items.value;
  }

  function find(id: string): ReferenceRequest | null {
    return items.value.find((r) => r.id === id) ?? null;
  }

  /** A new or fresh copy of one request, in its place (new ones first). */
  function put(request: ReferenceRequest): ReferenceRequest {
    const i = items.value.findIndex((r) => r.id === request.id);
    if (i >= 0) items.value.splice(i, 1, request);
    else items.value.unshift(request);
    return request;
  }

  async function fetchOne(id: string, signal?: AbortSignal): Promise<ReferenceRequest> {
    return put((await requestsApi.get(id, signal)).request);
  }

  function clear(): void {
    items.value = [];
    loaded.value = false;
  }
  // Another member (or nobody) signed in: their requests are not ours.
  watch(
    () => session.me?.id,
    () => clear(),
  );

  return { items, loaded, load, find, put, fetchOne, clear };
});
