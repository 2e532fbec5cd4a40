import type { RouteRecordRaw } from 'vue-router';

/** The home screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/home',
    name: 'home',
    component: () => import('./pages/AdvocateHomePage.vue'),
    meta: { roles: ['advocate'], title: 'Home' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./pages/AdminHomePage.vue'),
    meta: { roles: ['admin'], title: 'Program admin' },
  },
];
