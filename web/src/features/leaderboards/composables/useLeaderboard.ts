import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { LeaderboardEntry, LeaderboardMe } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { useRealtimeStore } from '@/features/realtime';
import { ApiRequestError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { leaderboardsApi, type BoardInfo, type LeaderboardResponse } from '../api';
import { rankMap, rankMoves, standingKey, standingSentence, type RankMove } from '../lib/leaderboard';

export interface LeaderboardOptions {
  /** How many top rows to show (1–100). */
  limit: number;
  /** Subscribe as an event wall (the ticker's `wall:activity` too). */
  wall?: boolean;
}

/**
 * One board and period, loaded over HTTP and then kept live over the socket: `leaderboard:update`
 * replaces the top rows (with the moves since the previous rows), `leaderboard:me` the member's
 * standing. After a reconnect the server sends both again for the rooms joined anew.
 * `period` null means the board's default period.
 */
export function useLeaderboard(board: Ref<string | null>, period: Ref<string | null>, options: LeaderboardOptions) {
  const session = useSessionStore();
  const realtime = useRealtimeStore();

  const info = shallowRef<BoardInfo | null>(null);
  const periodInfo = shallowRef<LeaderboardResponse['period'] | null>(null);
  const entries = shallowRef<LeaderboardEntry[]>([]);
  const me = shallowRef<LeaderboardMe | null>(null);
  const total = ref(0);
  const updatedAt = ref<string | null>(null);
  /** Moves of the last change (by member id), for the arrows. */
  const moves = shallowRef<Map<string, RankMove>>(new Map());
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const errorCode = ref<string | null>(null);
  /** The polite announcement: changes only when the member's own standing changes. */
  const announcement = ref('');

  let controller: AbortController | null = null;
  let unwatch: (() => void) | null = null;
  let watching: { board: string; period: string } | null = null;
  let lastKey: string | null = null;

  /** The caller's own row, also in a broadcast (which is the same for everyone in the room). */
  function isMine(e: LeaderboardEntry): boolean {
    const m = session.me;
    return e.isMe || (!!m && (e.memberId === m.id || (e.anonymous && e.name === m.alias)));
  }

  function setEntries(next: LeaderboardEntry[], keepMoves: boolean): void {
    const rows = next.slice(0, options.limit).map((e) => (isMine(e) && !e.isMe ? { ...e, isMe: true } : e));
    moves.value = keepMoves ? rankMoves(rankMap(entries.value), rows) : new Map();
    entries.value = rows;
  }

  function setMe(next: LeaderboardMe | null): void {
    me.value = next;
    const key = standingKey(next);
    if (key !== lastKey) {
      lastKey = key;
      announcement.value = standingSentence(next, total.value);
    }
  }

  function isCurrent(p: { board: string; period: string }): boolean {
    return !!watching && p.board.toLowerCase() === watching.board && p.period.toLowerCase() === watching.period;
  }

  function isNewer(at: string): boolean {
    return !updatedAt.value || Date.parse(at) >= Date.parse(updatedAt.value);
  }

  const offUpdate = realtime.on('leaderboard:update', (p) => {
    if (!isCurrent(p) || !isNewer(p.updatedAt)) return;
    total.value = p.total;
    updatedAt.value = p.updatedAt;
    setEntries(p.entries, true);
  });
  const offMe = realtime.on('leaderboard:me', (p) => {
    if (!isCurrent(p)) return;
    setMe(p.me);
  });

  function follow(boardId: string, periodId: string): void {
    const next = { board: boardId.toLowerCase(), period: periodId.toLowerCase() };
    if (watching && watching.board === next.board && watching.period === next.period) return;
    unwatch?.();
    watching = next;
    // On every (re)subscription the server sends the board's current top and my standing.
    unwatch = realtime.watchBoard({ ...next, limit: options.limit, wall: options.wall });
  }

  /** Load the board; `quiet` keeps what is shown (and computes moves) instead of showing a spinner. */
  async function load(opts: { quiet?: boolean } = {}): Promise<void> {
    const boardId = board.value;
    if (!boardId) return;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    if (!opts.quiet) loading.value = true;
    try {
      const res = await leaderboardsApi.board(
        boardId,
        { period: period.value ?? undefined, limit: options.limit },
        mine.signal,
      );
      if (controller !== mine) return;
      info.value = res.board;
      periodInfo.value = res.period;
      total.value = res.total;
      updatedAt.value = res.updatedAt;
      setEntries(res.entries, !!opts.quiet && loaded.value);
      setMe(res.me);
      error.value = null;
      errorCode.value = null;
      loaded.value = true;
      follow(res.board.id, res.period.id);
    } catch (err) {
      if (controller !== mine || (err instanceof DOMException && err.name === 'AbortError')) return;
      if (opts.quiet && loaded.value) return; // keep the rows shown; the socket brings the next change
      error.value = errorMessage(err, 'Could not load the leaderboard.');
      errorCode.value = err instanceof ApiRequestError ? err.code : null;
    } finally {
      if (controller === mine) {
        loading.value = false;
        controller = null;
      }
    }
  }

  function reset(): void {
    unwatch?.();
    unwatch = null;
    watching = null;
    entries.value = [];
    moves.value = new Map();
    me.value = null;
    lastKey = null;
    updatedAt.value = null;
    loaded.value = false;
    error.value = null;
    errorCode.value = null;
  }

  watch(
    [board, period],
    () => {
      reset();
      void load();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    controller?.abort();
    offUpdate();
    offMe();
    unwatch?.();
  });

  const mineInList = computed(() => entries.value.some((e) => e.isMe));

  return {
    info,
    periodInfo,
    entries,
    me,
    total,
    updatedAt,
    moves,
    loading,
    loaded,
    error,
    errorCode,
    announcement,
    mineInList,
    reload: () => load(),
  };
}
