import type { RouteRecordRaw } from 'vue-router';

/** The shell screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { public: true, title: 'Page not found' },
  },
  {
    // Reached only by name from the guard, so the address bar keeps the page that was refused.
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('./pages/ForbiddenPage.vue'),
    meta: { title: 'No access' },
  },
];
