import type { RouteRecordRaw } from 'vue-router';

/** The completions screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/reviews',
    name: 'admin-reviews',
    component: () => import('./pages/AdminReviewsPage.vue'),
    meta: { roles: ['admin'], title: 'Reviews' },
  },
];
