import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { useSessionStore } from '@/features/auth';
import { errorMessage } from '@/shared/lib/errors';
import { communityApi, type CategorySummary, type CommunityMe } from './api';

/**
 * The categories I can see and my standing in the community (silenced, links allowed), shared by
 * the community's pages and the community-post stage. Read once, again on `load({ fresh: true })`.
 */
export const useCommunityStore = defineStore('community', () => {
  const categories = shallowRef<CategorySummary[]>([]);
  const me = shallowRef<CommunityMe | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let pending: Promise<void> | null = null;

  const startable = computed(() => categories.value.filter((c) => c.canStart));

  function category(id: string | null | undefined): CategorySummary | null {
    return categories.value.find((c) => c.id === id) ?? null;
  }

  function load(opts: { fresh?: boolean } = {}): Promise<void> {
    if (loaded.value && !opts.fresh) return Promise.resolve();
    pending ??= (async () => {
      loading.value = true;
      error.value = null;
      try {
        const res = await communityApi.categories();
        categories.value = res.categories;
        me.value = res.me;
        loaded.value = true;
      } catch (err) {
        error.value = errorMessage(err, 'Could not load the community.');
      } finally {
        loading.value = false;
        pending = null;
      }
    })();
    return pending;
  }

  function clear(): void {
    categories.value = [];
    me.value = null;
    loaded.value = false;
  }

  // Another member (or nobody) signed in: their categories and standing are not ours.
  watch(
    () => useSessionStore().me?.id,
    () => clear(),
  );

  return { categories, me, loaded, loading, error, startable, category, load, clear };
});
