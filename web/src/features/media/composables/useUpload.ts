import { onBeforeUnmount, ref } from 'vue';
import type { Media, MediaPurpose } from '@advocate-hub/shared';
import { mediaApi } from '../api';
import { precheck, uploadErrorMessage } from '../lib/media';

/**
 * One upload at a time: progress (0–100), the error to show (by code) and a way to cancel. The
 * browser checks size and type first; the server decides by the file's content.
 */
export function useUpload(purpose: MediaPurpose, opts: { pdf?: boolean } = {}) {
  const busy = ref(false);
  const progress = ref(0);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function run<T>(
    file: File,
    send: (f: File, o: { onProgress: (s: number) => void; signal: AbortSignal }) => Promise<T>,
  ) {
    error.value = precheck(file, opts);
    if (error.value) return null;
    controller?.abort();
    controller = new AbortController();
    busy.value = true;
    progress.value = 0;
    try {
      return await send(file, {
        onProgress: (share) => (progress.value = Math.round(share * 100)),
        signal: controller.signal,
      });
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) error.value = uploadErrorMessage(err);
      return null;
    } finally {
      busy.value = false;
      controller = null;
    }
  }

  function upload(file: File): Promise<Media | null> {
    return run(file, (f, o) => mediaApi.upload(purpose, f, o));
  }

  function cancel(): void {
    controller?.abort();
  }
  onBeforeUnmount(cancel);

  return { busy, progress, error, upload, run, cancel };
}
