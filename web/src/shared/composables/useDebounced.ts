import { getCurrentScope, onScopeDispose } from 'vue';

/** `fn` called once `ms` after the last call; pending calls are dropped with the component. */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => clearTimeout(timer);
  const run = (...args: A) => {
    cancel();
    timer = setTimeout(() => fn(...args), ms);
  };
  if (getCurrentScope()) onScopeDispose(cancel);
  return Object.assign(run, { cancel });
}
