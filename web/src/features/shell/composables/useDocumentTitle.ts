import { watch, watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import { useProgramStore } from '@/features/program';
import { pageTitle, setPageTitle } from '@/shared/composables/usePageTitle';

const HOME_ROUTES = new Set(['home', 'admin', 'moderation']);

/** "<page> · <program>" for inner pages, just the program name on the home pages. */
export function useDocumentTitle(): void {
  const route = useRoute();
  const program = useProgramStore();
  watch(
    () => route.path,
    () => setPageTitle(null),
  );
  watchEffect(() => {
    const name = program.program.name;
    const page = pageTitle.value ?? route.meta.title;
    document.title = !page || HOME_ROUTES.has(String(route.name)) ? name : `${page} · ${name}`;
  });
}
