import { computed, ref } from 'vue';
import { adminRewardsApi, type UploadCodesResult } from '../api';
import { isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { RewardCodes } from '../lib/rewardsAdmin';

/** The server reads at most this much CSV text in one upload. */
export const MAX_CODES_TEXT = 2_000_000;

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.readAsText(file);
  });
}

/**
 * Codes for a code reward's pool: pasted, or read from a .csv/.txt file in the browser, then sent
 * as CSV text (one code a line, first column; a header `code` is skipped by the server).
 */
export function useRewardCodes(rewardId: () => string | null, uploaded: (result: UploadCodesResult) => void) {
  const text = ref('');
  const fileName = ref<string | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const result = ref<UploadCodesResult | null>(null);

  /** Rows with something in them, less a header row `code` (as the server counts codes). */
  const lines = computed(() => {
    const rows = text.value.split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = rows[0]?.split(',')[0]?.trim().replace(/^"|"$/g, '').toLowerCase() === 'code';
    return rows.length - (header ? 1 : 0);
  });

  async function pick(file: File | null | undefined): Promise<void> {
    if (!file) return;
    error.value = null;
    result.value = null;
    if (file.size > MAX_CODES_TEXT) {
      error.value = 'That file is too large: upload at most about 2 MB of codes at a time.';
      return;
    }
    try {
      text.value = await readText(file);
      fileName.value = file.name;
    } catch (err) {
      error.value = errorMessage(err, 'Could not read the file.');
    }
  }

  async function upload(): Promise<UploadCodesResult | null> {
    const id = rewardId();
    error.value = null;
    result.value = null;
    if (!id) return null;
    if (lines.value === 0) {
      error.value = 'Paste codes or choose a file first: one code a line.';
      return null;
    }
    if (text.value.length > MAX_CODES_TEXT) {
      error.value = 'Too many codes in one go: split them into uploads of at most about 2 MB.';
      return null;
    }
    busy.value = true;
    try {
      const answer = await adminRewardsApi.uploadCodes(id, text.value);
      result.value = answer;
      text.value = '';
      fileName.value = null;
      uploaded(answer);
      return answer;
    } catch (err) {
      error.value = isApiError(err, RewardCodes.badCsv)
        ? `The codes could not be read: ${err.message}`
        : errorMessage(err, 'The codes were not uploaded.');
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { text, fileName, lines, busy, error, result, pick, upload };
}
