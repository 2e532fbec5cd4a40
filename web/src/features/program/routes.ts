import type { RouteRecordRaw } from 'vue-router';

/** The program screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('./pages/AdminSettingsPage.vue'),
    meta: { roles: ['admin'], title: 'Branding' },
  },
];
