import { onBeforeUnmount, watch } from 'vue';
import type { MeUpdate } from '@advocate-hub/shared/socket';
import { useSessionStore } from '@/features/auth';
import { useRealtimeStore } from '../store';

/**
 * Mounted once by the app: one socket per signed-in tab (opened on sign-in, closed on sign-out),
 * and `me:update` applied to the session so the header's points and level change without a reload.
 */
export function useRealtimeConnection() {
  const session = useSessionStore();
  const realtime = useRealtimeStore();

  function applyMe(update: MeUpdate): void {
    const me = session.me;
    if (!me) return;
    const held = new Set(me.badges.map((b) => b.id));
    const badgesChanged = update.badgeIds.length !== held.size || update.badgeIds.some((id) => !held.has(id));
    session.setMember({
      ...me,
      balance: update.balance,
      lifetime: update.lifetime,
      level: update.level,
      nextLevel: update.nextLevel,
    });
    // The push names badges by id only; their names and icons come with /api/me.
    if (badgesChanged) session.fetchMe().catch(() => undefined);
  }

  const offMe = realtime.on('me:update', applyMe);

  watch(
    () => session.me?.id ?? null,
    (id, before) => {
      if (id === before) return;
      realtime.stop();
      if (id) void realtime.start();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    offMe();
    realtime.stop();
  });
}
