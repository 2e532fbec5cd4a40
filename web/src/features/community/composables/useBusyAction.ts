import { ref } from 'vue';
import { errorMessage } from '@/shared/lib/errors';

/**
 * One action at a time in a dialog: `busy` while it runs, its failure in words in `error`.
 * `handled` may take a failure for itself (a field's error, a code that is not a failure).
 */
export function useBusyAction() {
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run(work: () => Promise<void>, fallback: string, handled?: (err: unknown) => boolean) {
    busy.value = true;
    error.value = null;
    try {
      await work();
      return true;
    } catch (err) {
      if (!handled?.(err)) error.value = errorMessage(err, fallback);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
