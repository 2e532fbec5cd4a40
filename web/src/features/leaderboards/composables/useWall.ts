import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import type { WallActivity } from '@advocate-hub/shared';
import { useRealtimeStore } from '@/features/realtime';
import { errorMessage } from '@/shared/lib/errors';
import { leaderboardsApi, type WallResponse } from '../api';
import { addActivity, mergeActivity } from '../lib/wall';

/** An event wall's join link and ticker: loaded once, then `wall:activity` pushes. */
export function useWall(board: Ref<string | null>) {
  const realtime = useRealtimeStore();
  const join = shallowRef<WallResponse['join']>(null);
  const activity = shallowRef<WallActivity[]>([]);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    const id = board.value;
    if (!id) return;
    try {
      const res = await leaderboardsApi.wall(id);
      if (board.value !== id) return;
      join.value = res.join;
      activity.value = mergeActivity(res.activity, activity.value);
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load this wall.');
    }
  }

  const off = realtime.on('wall:activity', (p) => {
    if (board.value && p.board.toLowerCase() === board.value.toLowerCase()) {
      activity.value = addActivity(activity.value, p.item);
    }
  });
  // Achievements missed while offline: load the ticker again after a reconnect.
  const offConnect = realtime.onConnect((resumed) => {
    if (resumed) void load();
  });

  watch(
    board,
    () => {
      join.value = null;
      activity.value = [];
      void load();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    off();
    offConnect();
  });

  return { join, activity, error, reload: load };
}
