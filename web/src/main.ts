// First: zod must be jitless before any schema is built (shared contracts build theirs on import).
import './zod-jitless';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ToastService from 'primevue/toastservice';
import App from '@/App.vue';
import { preloadRoute, router } from '@/router/index';
import { AppPreset, useProgramStore } from '@/features/program';
import { onAuthExpired } from '@/shared/api/client';
import { useSessionStore } from '@/features/auth';
import '@/assets/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(PrimeVue, {
  theme: {
    preset: AppPreset,
    options: {
      darkModeSelector: '.app-dark',
      cssLayer: { name: 'primevue', order: 'theme, base, primevue, components, utilities' },
    },
  },
});
app.use(ToastService);

const session = useSessionStore(pinia);
const program = useProgramStore(pinia);

// The session could not be refreshed: forget the member and ask them to sign in again,
// coming back to the page they were on.
onAuthExpired(() => {
  session.clear();
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  void router.replace({ name: 'login', query: { redirect: current.fullPath } });
});

preloadRoute(location.pathname + location.search);
app.use(router);

void Promise.allSettled([program.load(), router.isReady()]).then(() => app.mount('#app'));
