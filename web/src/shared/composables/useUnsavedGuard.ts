import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { useRouter } from 'vue-router';

/**
 * Ask before leaving a form with unsaved changes: in the app (a confirm) and when the tab closes.
 * A router guard held while the page is mounted, not a per-route one: the same page instance
 * serves `/…/new` and `/…/:id` after the first save, and a per-route guard would stay behind on `new`.
 */
export function useUnsavedGuard(dirty: Readonly<Ref<boolean>>, saving: Readonly<Ref<unknown>>, question: string): void {
  const router = useRouter();
  let removeGuard: (() => void) | null = null;

  function beforeUnload(event: BeforeUnloadEvent): void {
    if (dirty.value && !saving.value) event.preventDefault();
  }
  onMounted(() => {
    window.addEventListener('beforeunload', beforeUnload);
    removeGuard = router.beforeEach((to, from) => to.path === from.path || !dirty.value || window.confirm(question));
  });
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', beforeUnload);
    removeGuard?.();
  });
}
