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
    // A personal referral link's landing page: the prospect leaves their details (no account needed).
    path: '/r/:code',
    name: 'referral-landing',
    component: () => import('./pages/ReferralLandingPage.vue'),
    meta: { public: true, layout: 'auth', title: 'You were referred' },
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
