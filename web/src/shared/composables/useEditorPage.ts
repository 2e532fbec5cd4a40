import { computed, nextTick, onMounted, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';

interface RoutedEditor {
  /** The id of what is being edited; null while it is new. */
  id: Readonly<Ref<string | null>>;
  load(id: string): Promise<void>;
  loadOptions(): Promise<void>;
}

/**
 * An editor page on `/…/new` and `/…/:id`: loads what the route names (again when the route
 * changes to another one), starts `fresh` on `new`, and loads the pickers' lists once mounted.
 */
export function useEditorPage(editor: RoutedEditor, fresh: () => void) {
  const route = useRoute();
  const routeId = computed(() => (typeof route.params.id === 'string' ? route.params.id : null));

  watch(
    routeId,
    (next) => {
      if (next && next !== editor.id.value) void editor.load(next);
      else if (!next) fresh();
    },
    { immediate: true },
  );
  onMounted(() => void editor.loadOptions());

  /** Try loading again after a failure. */
  function retry(): void {
    if (routeId.value) void editor.load(routeId.value);
  }

  return { routeId, retry };
}

/** Move focus to the form's error box once it is shown. */
export async function focusFormErrors(id: string): Promise<void> {
  await nextTick();
  document.getElementById(id)?.focus();
}
