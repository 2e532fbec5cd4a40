import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { notificationsApi, type AppNotification } from './api';
import { errorMessage } from '@/shared/lib/errors';

const PAGE_SIZE = 20;

/**
 * The member's notifications and unread count. New ones are pushed over the socket; the first page
 * is refreshed by polling only while the socket is down (see useNotificationsPolling); older pages
 * are appended with "Load more".
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<AppNotification[]>([]);
  const unread = ref(0);
  const nextCursor = ref<string | null>(null);
  const loaded = ref(false);
  const loading = ref(false);
  const loadingMore = ref(false);
  const marking = ref(false);
  const error = ref<string | null>(null);
  let inFlight: Promise<void> | null = null;

  const hasUnread = computed(() => unread.value > 0);

  /** Fetch the newest page, keeping older pages already loaded below it. */
  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      loading.value = !loaded.value;
      try {
        const page = await notificationsApi.notifications({ limit: PAGE_SIZE });
        const morePagesLoaded = loaded.value && items.value.length > PAGE_SIZE;
        if (morePagesLoaded) {
          // Keep the older pages the member already opened, below the fresh first page.
          const fresh = new Set(page.notifications.map((n) => n.id));
          const oldest = page.notifications.at(-1)?.createdAt ?? '';
          const older = items.value.filter((n) => !fresh.has(n.id) && n.createdAt < oldest);
          items.value = [...page.notifications, ...older];
        } else {
          items.value = page.notifications;
          nextCursor.value = page.nextCursor;
        }
        unread.value = page.unread;
        loaded.value = true;
        error.value = null;
      } catch (err) {
        error.value = errorMessage(err, 'Could not load your notifications.');
      } finally {
        loading.value = false;
        inFlight = null;
      }
    })();
    return inFlight;
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const page = await notificationsApi.notifications({ limit: PAGE_SIZE, cursor: nextCursor.value });
      const seen = new Set(items.value.map((n) => n.id));
      items.value = [...items.value, ...page.notifications.filter((n) => !seen.has(n.id))];
      nextCursor.value = page.nextCursor;
      unread.value = page.unread;
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load more notifications.');
    } finally {
      loadingMore.value = false;
    }
  }

  /** Mark some (or, without ids, all) notifications read; the list updates at once. */
  async function markRead(ids?: string[]): Promise<void> {
    const targets = ids ?? items.value.filter((n) => !n.readAt).map((n) => n.id);
    if (ids && targets.length === 0) return;
    const now = new Date().toISOString();
    const before = items.value;
    const beforeUnread = unread.value;
    const set = new Set(targets);
    items.value = items.value.map((n) => (!n.readAt && (!ids || set.has(n.id)) ? { ...n, readAt: now } : n));
    unread.value = ids ? Math.max(0, unread.value - before.filter((n) => set.has(n.id) && !n.readAt).length) : 0;
    marking.value = true;
    try {
      const res = await notificationsApi.markNotificationsRead(ids);
      unread.value = res.unread;
      error.value = null;
    } catch (err) {
      items.value = before;
      unread.value = beforeUnread;
      error.value = errorMessage(err, 'Could not mark the notifications as read.');
    } finally {
      marking.value = false;
    }
  }

  /** A notification pushed over the socket: on top of the list, with the server's unread count. */
  /** A pushed notification: a new one goes on top; a grouped one updated in place takes its new text where it is. */
  function receive(notification: AppNotification, unreadNow: number): void {
    const at = items.value.findIndex((n) => n.id === notification.id);
    items.value = at < 0 ? [notification, ...items.value] : items.value.map((n, i) => (i === at ? notification : n));
    unread.value = unreadNow;
  }

  function clear(): void {
    items.value = [];
    unread.value = 0;
    nextCursor.value = null;
    loaded.value = false;
    error.value = null;
  }

  return {
    items,
    unread,
    nextCursor,
    loaded,
    loading,
    loadingMore,
    marking,
    error,
    hasUnread,
    refresh,
    loadMore,
    markRead,
    receive,
    clear,
  };
});
