import type { RouteRecordRaw } from 'vue-router';

/** The join-codes screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/join',
    name: 'join',
    component: () => import('./pages/JoinPage.vue'),
    meta: { public: true, layout: 'auth', title: 'Join with a code' },
  },
  {
    path: '/admin/join-codes',
    name: 'admin-join-codes',
    component: () => import('./pages/AdminJoinCodesPage.vue'),
    meta: { roles: ['admin'], title: 'Join codes' },
  },
];
