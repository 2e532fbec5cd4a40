import type { RouteRecordRaw } from 'vue-router';
import LoginPage from './pages/LoginPage.vue';

/** The auth screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: LoginPage,
    meta: { public: true, guestOnly: true, layout: 'auth', title: 'Sign in' },
  },
];
