import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useNotificationsStore } from '../store';
import { useSessionStore } from '@/features/auth';

/**
 * Keep the notifications fresh while the tab is visible: one request now, then every
 * `intervalMs`; a hidden tab stops asking and catches up as soon as it is shown again.
 */
export function useNotificationsPolling(intervalMs = 30_000) {
  const store = useNotificationsStore();
  const session = useSessionStore();
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
  }

  function start(): void {
    stop();
    if (!session.me || document.visibilityState !== 'visible') return;
    void store.refresh();
    timer = setInterval(() => {
      if (session.me && document.visibilityState === 'visible') void store.refresh();
    }, intervalMs);
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') start();
    else stop();
  }

  // Something happened (a review decided, a badge granted): the header's points may be stale.
  watch(
    () => store.unread,
    (now, before) => {
      if (session.me && now > before) session.fetchMe().catch(() => undefined);
    },
  );

  watch(
    () => session.me?.id,
    (id, before) => {
      if (id !== before) store.clear();
      if (id) start();
      else stop();
    },
  );

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility);
    start();
  });
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    stop();
  });
}
