import type { RouteRecordRaw } from 'vue-router';

/** The leaderboard screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/leaderboard',
    name: 'leaderboard',
    component: () => import('./pages/LeaderboardPage.vue'),
    meta: { title: 'Leaderboard' },
  },
  {
    path: '/wall/:board',
    name: 'wall',
    component: () => import('./pages/WallPage.vue'),
    meta: { title: 'Event wall', layout: 'bare' },
  },
  {
    path: '/admin/leaderboards',
    name: 'admin-leaderboards',
    component: () => import('./pages/AdminLeaderboardsPage.vue'),
    meta: { roles: ['admin'], title: 'Leaderboards' },
  },
];
