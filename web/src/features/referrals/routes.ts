import type { RouteRecordRaw } from 'vue-router';

/** The referral screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/referrals',
    name: 'referrals',
    component: () => import('./pages/ReferralsPage.vue'),
    meta: { roles: ['advocate'], title: 'Refer someone' },
  },
  {
    path: '/admin/referrals',
    name: 'admin-referrals',
    component: () => import('./pages/AdminReferralsPage.vue'),
    meta: { roles: ['admin'], title: 'Referrals' },
  },
  {
    path: '/admin/referrals/settings',
    name: 'admin-referral-settings',
    component: () => import('./pages/AdminReferralSettingsPage.vue'),
    meta: { roles: ['admin'], title: 'Referral settings' },
  },
];
