import type { RouteRecordRaw } from 'vue-router';

/** The audit screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./pages/AdminAuditPage.vue'),
    meta: { roles: ['admin'], title: 'Activity' },
  },
];
