import { ref, shallowRef } from 'vue';
import { errorMessage } from '@/shared/lib/errors';
import { leaderboardsApi, type BoardInfo } from '../api';

/** The boards the member may see (GET /api/leaderboards): global, their groups, their events… */
export function useBoards() {
  const boards = shallowRef<BoardInfo[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      boards.value = (await leaderboardsApi.boards()).boards;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the list of leaderboards.');
    }
  }

  return { boards, loaded, error, load };
}
