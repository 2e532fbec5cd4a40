import type { RouteRecordRaw } from 'vue-router';

/** The levels screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/levels',
    name: 'admin-levels',
    component: () => import('./pages/AdminLevelsPage.vue'),
    meta: { roles: ['admin'], title: 'Levels' },
  },
];
