import { ref } from 'vue';
import type { JoinCode } from '@advocate-hub/shared';
import { joinCodesApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';

/** The admin's join codes, newest first. */
export function useJoinCodes() {
  const joinCodes = ref<JoinCode[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busyId = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const res = await joinCodesApi.joinCodes();
      joinCodes.value = [...res.joinCodes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the join codes.');
    } finally {
      loading.value = false;
    }
  }

  function upsert(code: JoinCode): void {
    const i = joinCodes.value.findIndex((c) => c.id === code.id);
    if (i >= 0) joinCodes.value.splice(i, 1, code);
    else joinCodes.value.unshift(code);
  }

  /** Enable or disable; throws the API error for the page to show. */
  async function setDisabled(code: JoinCode, disabled: boolean): Promise<JoinCode> {
    busyId.value = code.id;
    try {
      const res = await joinCodesApi.setJoinCodeDisabled(code.id, disabled);
      upsert(res.joinCode);
      return res.joinCode;
    } finally {
      busyId.value = null;
    }
  }

  return { joinCodes, loading, error, busyId, load, upsert, setDisabled };
}
