import type { RouteRecordRaw } from 'vue-router';

/** The challenges screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/challenges',
    name: 'challenges',
    component: () => import('./pages/ChallengesPage.vue'),
    meta: { roles: ['advocate'], title: 'Challenges' },
  },
  {
    path: '/challenges/:id',
    name: 'challenge',
    component: () => import('./pages/ChallengePage.vue'),
    meta: { roles: ['advocate'], title: 'Challenge' },
  },
  {
    path: '/admin/challenges',
    name: 'admin-challenges',
    component: () => import('./pages/AdminChallengesPage.vue'),
    meta: { roles: ['admin'], title: 'Challenges' },
  },
  {
    path: '/admin/challenges/new',
    name: 'admin-challenge-new',
    component: () => import('./pages/AdminChallengeEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New challenge' },
  },
  {
    path: '/admin/challenges/:id',
    name: 'admin-challenge',
    component: () => import('./pages/AdminChallengeEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit challenge' },
  },
];
