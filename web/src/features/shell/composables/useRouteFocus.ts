import { nextTick } from 'vue';
import { useRouter } from 'vue-router';

/**
 * After an in-app navigation to another page, move focus to the main landmark so keyboard
 * and screen-reader users start at the new content instead of the link they left behind.
 */
export function useRouteFocus(targetId = 'main-content'): void {
  const router = useRouter();
  router.afterEach((to, from, failure) => {
    if (failure || from.matched.length === 0 || to.path === from.path) return;
    void nextTick(() => {
      const el = document.getElementById(targetId);
      el?.focus({ preventScroll: true });
    });
  });
}
