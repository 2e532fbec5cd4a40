import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/**
 * A tab kept in the query string (`?tab=…`), so the view can be shared and survives a reload.
 * The default tab leaves the query clean; an unknown value reads as the default.
 */
export function useQueryTab<T extends string>(tabs: readonly T[], fallback: T, param = 'tab') {
  const route = useRoute();
  const router = useRouter();
  return computed<T>({
    get() {
      const q = route.query[param];
      return typeof q === 'string' && (tabs as readonly string[]).includes(q) ? (q as T) : fallback;
    },
    set(value) {
      void router.replace({ query: { ...route.query, [param]: value === fallback ? undefined : value } });
    },
  });
}
