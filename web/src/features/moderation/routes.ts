import type { RouteRecordRaw } from 'vue-router';

/** The moderators' screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/moderation',
    name: 'moderation',
    component: () => import('./pages/ModerationHomePage.vue'),
    meta: { roles: ['moderator', 'admin'], title: 'Moderation' },
  },
  {
    path: '/moderation/sanctions',
    name: 'moderation-sanctions',
    component: () => import('./pages/ModerationSanctionsPage.vue'),
    meta: { roles: ['moderator', 'admin'], title: 'Sanctions' },
  },
  {
    path: '/moderation/members/:id',
    name: 'moderation-member',
    component: () => import('./pages/ModerationMemberPage.vue'),
    meta: { roles: ['moderator', 'admin'], title: 'Member history' },
  },
];
