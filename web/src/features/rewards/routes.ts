import type { RouteRecordRaw } from 'vue-router';

/** The rewards screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/rewards',
    name: 'rewards',
    component: () => import('./pages/RewardsPage.vue'),
    meta: { roles: ['advocate'], title: 'Rewards' },
  },
  {
    // Before /rewards/:id, so "mine" is never taken for a reward's id.
    path: '/rewards/mine',
    name: 'my-redemptions',
    component: () => import('./pages/MyRedemptionsPage.vue'),
    meta: { roles: ['advocate'], title: 'My redemptions' },
  },
  {
    path: '/rewards/:id',
    name: 'reward',
    component: () => import('./pages/RewardPage.vue'),
    meta: { roles: ['advocate'], title: 'Reward' },
  },
  {
    path: '/admin/rewards',
    name: 'admin-rewards',
    component: () => import('./pages/AdminRewardsPage.vue'),
    meta: { roles: ['admin'], title: 'Rewards' },
  },
  {
    path: '/admin/rewards/new',
    name: 'admin-reward-new',
    component: () => import('./pages/AdminRewardEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New reward' },
  },
  {
    path: '/admin/rewards/:id',
    name: 'admin-reward',
    component: () => import('./pages/AdminRewardEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit reward' },
  },
  {
    path: '/admin/redemptions',
    name: 'admin-redemptions',
    component: () => import('./pages/AdminRedemptionsPage.vue'),
    meta: { roles: ['admin'], title: 'Redemptions' },
  },
];
