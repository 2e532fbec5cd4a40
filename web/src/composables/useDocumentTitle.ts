import { ref, watch, watchEffect } from 'vue';
import { useRoute } from 'vue-router';
import { useProgramStore } from '@/stores/program';

const HOME_ROUTES = new Set(['home', 'admin', 'moderation']);

/** A page that knows a better title than its route (a challenge's name) sets it here. */
const pageTitle = ref<string | null>(null);

export function setPageTitle(title: string | null): void {
  pageTitle.value = title;
}

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
