import type { RouteRecordRaw } from 'vue-router';

/** The reference desk's screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/references',
    name: 'references',
    component: () => import('./pages/ReferencesPage.vue'),
    meta: { roles: ['advocate'], title: 'References' },
  },
  {
    path: '/references/requests',
    name: 'reference-requests',
    component: () => import('./pages/RequestsPage.vue'),
    meta: { roles: ['requester', 'admin'], title: 'Reference requests' },
  },
  {
    path: '/references/requests/:id',
    name: 'reference-request',
    component: () => import('./pages/RequestPage.vue'),
    meta: { roles: ['requester', 'admin'], title: 'Reference request' },
  },
  {
    path: '/admin/references',
    name: 'admin-references',
    component: () => import('./pages/AdminReferencesPage.vue'),
    meta: { roles: ['admin'], title: 'Reference desk' },
  },
  {
    path: '/admin/references/coverage',
    name: 'admin-references-coverage',
    component: () => import('./pages/AdminCoveragePage.vue'),
    meta: { roles: ['admin'], title: 'Reference coverage' },
  },
  {
    path: '/admin/references/metrics',
    name: 'admin-references-metrics',
    // The charts (ECharts) load with this page only.
    component: () => import('./pages/AdminMetricsPage.vue'),
    meta: { roles: ['admin'], title: 'Reference metrics' },
  },
];
