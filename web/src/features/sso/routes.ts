import type { RouteRecordRaw } from 'vue-router';

/** The admin's single sign-on and SCIM screen. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/sso',
    name: 'admin-sso',
    component: () => import('./pages/AdminSsoPage.vue'),
    meta: { roles: ['admin'], title: 'Single sign-on' },
  },
];
