import { ref, watch } from 'vue';
import type { LeaderboardVisibility } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { errorMessage } from '@/shared/lib/errors';
import { meApi } from '../api';

/** The member's choice of how they appear on leaderboards, saved as soon as it changes. */
export function useLeaderboardVisibility() {
  const session = useSessionStore();
  const choice = ref<LeaderboardVisibility>(session.me?.leaderboardVisibility ?? 'named');
  const saving = ref(false);
  const saved = ref(false);
  const error = ref<string | null>(null);

  watch(
    () => session.me?.leaderboardVisibility,
    (v) => {
      if (v && !saving.value) choice.value = v;
    },
  );

  async function save(value: LeaderboardVisibility): Promise<void> {
    const before = session.me?.leaderboardVisibility ?? 'named';
    if (value === before) return;
    choice.value = value;
    saving.value = true;
    saved.value = false;
    error.value = null;
    try {
      const member = await meApi.update({ leaderboardVisibility: value });
      session.setMember(member);
      saved.value = true;
    } catch (err) {
      choice.value = before;
      error.value = errorMessage(err, 'Could not save your choice. Please try again.');
    } finally {
      saving.value = false;
    }
  }

  return { choice, saving, saved, error, save };
}
