import type { RouteRecordRaw } from 'vue-router';

/** The integrations screen: a shareable link, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/integrations',
    name: 'admin-integrations',
    component: () => import('./pages/AdminIntegrationsPage.vue'),
    meta: { roles: ['admin'], title: 'Integrations' },
  },
];
