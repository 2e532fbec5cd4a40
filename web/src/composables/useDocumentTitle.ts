import { watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import { useProgramStore } from '@/stores/program';

const HOME_ROUTES = new Set(['home', 'admin', 'moderation']);

/** "<page> · <program>" for inner pages, just the program name on the home pages. */
export function useDocumentTitle(): void {
  const route = useRoute();
  const program = useProgramStore();
  watchEffect(() => {
    const name = program.program.name;
    const page = route.meta.title;
    document.title = !page || HOME_ROUTES.has(String(route.name)) ? name : `${page} · ${name}`;
  });
}
