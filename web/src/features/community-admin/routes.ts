import type { RouteRecordRaw } from 'vue-router';

/** The admin's community screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/community',
    name: 'admin-community',
    component: () => import('./pages/AdminCommunityPage.vue'),
    meta: { roles: ['admin'], title: 'Community' },
  },
];
