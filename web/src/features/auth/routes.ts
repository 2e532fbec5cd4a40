import type { RouteRecordRaw } from 'vue-router';

/** The auth screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true, guestOnly: true, layout: 'auth', title: 'Sign in' },
  },
];
