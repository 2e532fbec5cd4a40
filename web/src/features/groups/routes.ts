import type { RouteRecordRaw } from 'vue-router';

/** The groups screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/groups',
    name: 'admin-groups',
    component: () => import('./pages/AdminGroupsPage.vue'),
    meta: { roles: ['admin'], title: 'Groups' },
  },
];
