import { reactive, ref, type Ref } from 'vue';

/**
 * The dialogs a list opens for one of its rows (edit, delete, members…): which row they are about
 * (null: a new one) and which dialog is open. `open.<kind>` is the dialog's `v-model:visible`.
 */
export function useRowDialogs<T, K extends string>(kinds: readonly K[]) {
  const selected = ref(null) as Ref<T | null>;
  const open = reactive(Object.fromEntries(kinds.map((k) => [k, false]))) as Record<K, boolean>;

  function openFor(kind: K, row: T | null): void {
    selected.value = row;
    open[kind] = true;
  }

  return { selected, open, openFor };
}
