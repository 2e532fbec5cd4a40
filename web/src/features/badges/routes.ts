import type { RouteRecordRaw } from 'vue-router';

/** The badges screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/badges',
    name: 'admin-badges',
    component: () => import('./pages/AdminBadgesPage.vue'),
    meta: { roles: ['admin'], title: 'Badges' },
  },
];
