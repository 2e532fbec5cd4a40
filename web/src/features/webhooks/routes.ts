import type { RouteRecordRaw } from 'vue-router';

/** Outgoing webhooks (admins). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/webhooks',
    name: 'admin-webhooks',
    component: () => import('./pages/AdminWebhooksPage.vue'),
    meta: { roles: ['admin'], title: 'Webhooks' },
  },
  {
    path: '/admin/webhooks/:id',
    name: 'admin-webhook',
    component: () => import('./pages/AdminWebhookPage.vue'),
    meta: { roles: ['admin'], title: 'Webhook endpoint' },
  },
];
