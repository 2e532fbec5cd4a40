import type { RouteRecordRaw } from 'vue-router';

/** The members screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/profile',
    name: 'profile',
    component: () => import('./pages/ProfilePage.vue'),
    meta: { title: 'Profile' },
  },
  {
    path: '/admin/members',
    name: 'admin-members',
    component: () => import('./pages/AdminMembersPage.vue'),
    meta: { roles: ['admin'], title: 'Members' },
  },
];
