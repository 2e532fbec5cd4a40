import { onBeforeUnmount, onMounted, watch } from 'vue';
import { useNotificationsStore } from '../store';
import { useSessionStore } from '@/features/auth';
import { useRealtimeStore } from '@/features/realtime';

/**
 * Keep the notifications fresh. They are pushed over the socket (`notification:new`); polling every
 * `intervalMs` is only the fallback while the socket is down, and one catch-up refresh follows each
 * reconnect. A hidden tab stops polling and catches up as soon as it is shown again.
 */
export function useNotificationsPolling(intervalMs = 30_000) {
  const store = useNotificationsStore();
  const session = useSessionStore();
  const realtime = useRealtimeStore();
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
      if (session.me && !realtime.connected && document.visibilityState === 'visible') void store.refresh();
    }, intervalMs);
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') start();
    else stop();
  }

  const offPush = realtime.on('notification:new', ({ notification, unread }) => {
    if (session.me) store.receive(notification, unread);
  });
  // Whatever arrived while the socket was down.
  const offConnect = realtime.onConnect((resumed) => {
    if (resumed && session.me) void store.refresh();
  });

  // Something happened (a review decided, a badge granted): the header's points may be stale. With
  // the socket up, `me:update` brings them; without it, ask.
  watch(
    () => store.unread,
    (now, before) => {
      if (session.me && now > before && !realtime.connected) session.fetchMe().catch(() => undefined);
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
    offPush();
    offConnect();
    stop();
  });
}
