import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { SubscribeAck, ThreadChange } from '@advocate-hub/shared/socket';
import { useRealtimeStore } from '@/features/realtime';
import { ApiRequestError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { communityApi, type Post, type ThreadDetail } from '../api';
import { compareSeq, mergePosts, replaceThrough } from '../lib/community';

const PAGE = 50;
/** Pages read at most to reach a post named in the address (`?post=`) or the accepted answer. */
const MAX_PAGES_TO_FIND = 20;
/** Without a live socket the thread is read again this often. */
export const POLL_MS = 15_000;

/**
 * A thread and its posts in order, read in pages (`loadMore`: the posts after the last one), and
 * kept live: the page joins the thread's room on the tab's socket; a new post is read and added,
 * an edit, reactions or a moderator's action read the posts shown again. While the socket is
 * down (or the room refused) the thread is read every 15 s instead.
 */
export function useThread(threadId: Ref<string>) {
  const realtime = useRealtimeStore();

  const thread = shallowRef<ThreadDetail | null>(null);
  const posts = shallowRef<Post[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<string | null>(null);
  const errorCode = ref<string | null>(null);
  /** The room acknowledged our subscription on the current connection. */
  const subscribed = ref(false);
  const live = computed(() => realtime.connected && subscribed.value);

  let generation = 0;
  /** One read at a time: live changes, polls and "load more" never interleave their merges. */
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  }

  const lastSeq = () => posts.value[posts.value.length - 1]?.seq ?? null;
  const atEnd = computed(() => nextCursor.value === null);

  function setThread(next: ThreadDetail): void {
    thread.value = next;
  }

  function setPost(post: Post): void {
    posts.value = mergePosts(posts.value, [post]);
  }

  function patchPost(id: string, patch: Partial<Post>): void {
    posts.value = posts.value.map((p) => (p.id === id ? { ...p, ...patch } : p));
  }

  /** The accepted answer changed: the thread says which, the posts are marked to match. */
  function setAccepted(next: ThreadDetail): void {
    thread.value = next;
    posts.value = posts.value.map((p) =>
      p.accepted === (p.id === next.acceptedPostId) ? p : { ...p, accepted: p.id === next.acceptedPostId },
    );
  }

  async function load(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    error.value = null;
    errorCode.value = null;
    try {
      const res = await communityApi.thread(threadId.value, { limit: PAGE });
      if (gen !== generation) return;
      thread.value = res.thread;
      posts.value = res.posts;
      nextCursor.value = res.nextCursor;
    } catch (err) {
      if (gen !== generation) return;
      error.value = errorMessage(err, 'Could not load this thread.');
      errorCode.value = err instanceof ApiRequestError ? err.code : null;
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  /** The next page of posts (after the last one shown). */
  function loadMore(): Promise<void> {
    if (!nextCursor.value || loadingMore.value) return Promise.resolve();
    const gen = generation;
    loadingMore.value = true;
    return serial(async () => {
      const cursor = nextCursor.value;
      if (!cursor) return;
      const res = await communityApi.thread(threadId.value, { cursor, limit: PAGE });
      if (gen !== generation) return;
      thread.value = res.thread;
      posts.value = mergePosts(posts.value, res.posts);
      nextCursor.value = res.nextCursor;
    })
      .catch((err: unknown) => {
        if (gen === generation) error.value = errorMessage(err, 'Could not load more posts.');
      })
      .finally(() => {
        if (gen === generation) loadingMore.value = false;
      });
  }

  /** Load pages until `found` holds (a post named in the link) or the thread ends. */
  async function loadUntil(found: () => boolean): Promise<boolean> {
    for (let i = 0; i < MAX_PAGES_TO_FIND && !found() && nextCursor.value; i++) await loadMore();
    return found();
  }

  /** Posts after the last one shown (when the reader has reached the end of the thread). */
  function fetchNew(): Promise<void> {
    const gen = generation;
    return serial(async () => {
      if (nextCursor.value !== null) return;
      for (;;) {
        const after = lastSeq();
        if (!after) return;
        const res = await communityApi.thread(threadId.value, { cursor: after, limit: 100 });
        if (gen !== generation) return;
        thread.value = res.thread;
        posts.value = mergePosts(posts.value, res.posts);
        // More came in than one page holds: keep reading.
        if (res.posts.length === 0 || res.nextCursor === null) return;
      }
    });
  }

  /** Read the posts shown again (edits, reactions, moderation), and the thread with them. */
  function refresh(): Promise<void> {
    const gen = generation;
    return serial(async () => {
      const through = lastSeq();
      let cursor: string | null = null;
      let fresh: Post[] = [];
      let next: string | null = null;
      for (;;) {
        const res = await communityApi.thread(threadId.value, { cursor, limit: 100 });
        if (gen !== generation) return;
        thread.value = res.thread;
        fresh = fresh.concat(res.posts);
        next = res.nextCursor;
        const last = res.posts[res.posts.length - 1]?.seq;
        if (!next || !through || !last || compareSeq(last, through) >= 0) break;
        cursor = next;
      }
      posts.value = through ? replaceThrough(posts.value, fresh, through) : fresh;
      if (!through || nextCursor.value !== null) nextCursor.value = next;
    });
  }

  /** Both: what changed in the posts shown, and what came after them. */
  async function sync(): Promise<void> {
    try {
      await refresh();
      await fetchNew();
    } catch {
      // A poll or a live change that could not be read: the next one tries again.
    }
  }

  // ---------------------------------------------------------------- live

  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshSoon(): void {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refresh().catch(() => undefined), 250);
  }

  function onChange(change: ThreadChange): void {
    if (change.threadId !== threadId.value || !thread.value) return;
    if (change.kind === 'post') {
      if (change.postId && posts.value.some((p) => p.id === change.postId)) return;
      if (atEnd.value) void fetchNew().catch(() => undefined);
      else thread.value = { ...thread.value, replies: thread.value.replies + 1 };
      return;
    }
    refreshSoon();
  }

  const offChange = realtime.on('thread:changed', onChange);
  let unwatch: (() => void) | null = null;

  function onSubscribed(ack: SubscribeAck, resumed: boolean): void {
    subscribed.value = ack.ok;
    // After a reconnect, changes made while we were away were not pushed: read them.
    if (ack.ok && resumed) void sync();
  }

  watch(
    () => realtime.connected,
    (up) => {
      if (!up) subscribed.value = false;
    },
  );

  let pollTimer: ReturnType<typeof setInterval> | undefined;
  watch(
    [live, () => thread.value !== null],
    ([isLive, shown]) => {
      clearInterval(pollTimer);
      pollTimer = undefined;
      if (!isLive && shown) pollTimer = setInterval(() => void sync(), POLL_MS);
    },
    { immediate: true },
  );

  function follow(id: string): void {
    unwatch?.();
    subscribed.value = false;
    unwatch = realtime.watchThread(id, onSubscribed);
  }

  watch(
    threadId,
    (id) => {
      generation++;
      thread.value = null;
      posts.value = [];
      nextCursor.value = null;
      follow(id);
      void load();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    generation++;
    offChange();
    unwatch?.();
    clearInterval(pollTimer);
    clearTimeout(refreshTimer);
  });

  return {
    thread,
    posts,
    nextCursor,
    loading,
    loadingMore,
    error,
    errorCode,
    live,
    atEnd,
    load,
    loadMore,
    loadUntil,
    fetchNew,
    refresh,
    setThread,
    setAccepted,
    setPost,
    patchPost,
  };
}
