import type { RouteRecordRaw } from 'vue-router';

/** The invites screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/invite/:token',
    name: 'invite',
    component: () => import('./pages/InvitePage.vue'),
    meta: { public: true, layout: 'auth', title: 'Accept your invitation' },
  },
];
