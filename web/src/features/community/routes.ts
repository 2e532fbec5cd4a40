import type { RouteRecordRaw } from 'vue-router';

/**
 * The community screens: shareable links, part of the public contract (see design.md). Every
 * signed-in member may read; what each may write is the server's answer (`canStart`, `canReply`…).
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/community',
    name: 'community',
    component: () => import('./pages/CommunityHomePage.vue'),
    meta: { title: 'Community' },
  },
  {
    path: '/community/categories/:id',
    name: 'community-category',
    component: () => import('./pages/CommunityCategoryPage.vue'),
    meta: { title: 'Community' },
  },
  {
    path: '/community/threads/:id',
    name: 'community-thread',
    component: () => import('./pages/CommunityThreadPage.vue'),
    meta: { title: 'Thread' },
  },
  {
    path: '/community/new',
    name: 'community-new-thread',
    component: () => import('./pages/CommunityNewThreadPage.vue'),
    meta: { title: 'Start a thread' },
  },
  {
    path: '/community/search',
    name: 'community-search',
    component: () => import('./pages/CommunitySearchPage.vue'),
    meta: { title: 'Search the community' },
  },
];
