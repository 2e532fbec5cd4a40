import type { RouteRecordRaw } from 'vue-router';

/** The email screens: links in emails are shareable, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./pages/ForgotPasswordPage.vue'),
    meta: { public: true, layout: 'auth', title: 'Forgot your password?' },
  },
  {
    path: '/reset-password/:token',
    name: 'reset-password',
    component: () => import('./pages/ResetPasswordPage.vue'),
    meta: { public: true, layout: 'auth', title: 'Choose a new password' },
  },
  {
    path: '/confirm-email/:token',
    name: 'confirm-email',
    component: () => import('./pages/ConfirmEmailPage.vue'),
    meta: { public: true, layout: 'auth', title: 'Confirm your email address' },
  },
  {
    path: '/unsubscribe',
    name: 'unsubscribe',
    component: () => import('./pages/UnsubscribePage.vue'),
    meta: { public: true, layout: 'auth', title: 'Unsubscribe' },
  },
  {
    path: '/admin/outbox',
    name: 'admin-outbox',
    component: () => import('./pages/AdminOutboxPage.vue'),
    meta: { roles: ['admin'], title: 'Outbox' },
  },
];
