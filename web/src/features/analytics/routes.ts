import type { RouteRecordRaw } from 'vue-router';

/** The analytics screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/analytics',
    name: 'admin-analytics',
    // The charts (ECharts) load with this page only.
    component: () => import('./pages/AnalyticsPage.vue'),
    meta: { roles: ['admin'], title: 'Analytics' },
  },
  {
    path: '/admin/analytics/leak',
    name: 'admin-analytics-leak',
    component: () => import('./pages/AnalyticsLeakPage.vue'),
    meta: { roles: ['admin'], title: 'Advocacy leak' },
  },
];
