/** Integrations: API keys, the events API and its log, CSV imports of events and members. Public entry of the feature. */
import { defineAsyncComponent } from 'vue';

export { routes as integrationsRoutes } from './routes';
/** The members CSV import dialog (loaded when first opened, so the members page stays light). */
export const IntegrationsMembersImportDialog = defineAsyncComponent(
  () => import('./components/IntegrationsMembersImportDialog.vue'),
);
/** The program's API keys (list, create with the secret shown once, revoke) for screens of other features. */
export { useApiKeys, type ApiKey } from './composables/useApiKeys';
