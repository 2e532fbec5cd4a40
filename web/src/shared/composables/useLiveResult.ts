import { ref, shallowRef, watch, type Ref } from 'vue';
import { errorMessage } from '../lib/errors';
import { useDebounced } from './useDebounced';

/**
 * `idle`: nothing to ask (the input is incomplete); `pending`: waiting for the pause in typing
 * or for the answer; `ready`: `result` answers the current input; `error`: the last ask failed.
 */
export type LiveStatus = 'idle' | 'pending' | 'ready' | 'error';

/**
 * A server answer that follows an input as it is edited: asked `ms` after the last change, only
 * for a complete input (`source` returns null otherwise), a newer ask cancelling the older one.
 * The last answer stays in `result` while the next one is on its way.
 */
export function useLiveResult<I, R>(
  source: () => I | null,
  fetcher: (input: I, signal: AbortSignal) => Promise<R>,
  options: { ms?: number; failure?: string } = {},
) {
  const status = ref<LiveStatus>('idle');
  const result = shallowRef<R | null>(null) as Ref<R | null>;
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;
  let current: I | null = null;

  async function ask(input: I): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      const answer = await fetcher(input, mine.signal);
      if (controller !== mine) return;
      result.value = answer;
      error.value = null;
      status.value = 'ready';
    } catch (err) {
      if (mine.signal.aborted || controller !== mine) return;
      error.value = errorMessage(err, options.failure ?? 'Could not count the members.');
      status.value = 'error';
    }
  }

  const later = useDebounced((input: I) => void ask(input), options.ms ?? 300);

  watch(
    () => {
      const input = source();
      return input === null ? null : JSON.stringify(input);
    },
    (key) => {
      controller?.abort();
      controller = null;
      later.cancel();
      current = key === null ? null : source();
      if (current === null) {
        status.value = 'idle';
        return;
      }
      status.value = 'pending';
      later(current);
    },
    { immediate: true },
  );

  /** Ask again now (after an error). */
  function retry(): void {
    if (current === null) return;
    later.cancel();
    status.value = 'pending';
    void ask(current);
  }

  return { status, result, error, retry };
}
