import type { RouteRecordRaw } from 'vue-router';

/** The segments screens: shareable links, part of the public contract (see design.md). */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/segments',
    name: 'admin-segments',
    component: () => import('./pages/AdminSegmentsPage.vue'),
    meta: { roles: ['admin'], title: 'Segments' },
  },
  {
    path: '/admin/segments/new',
    name: 'admin-segment-new',
    component: () => import('./pages/AdminSegmentEditorPage.vue'),
    meta: { roles: ['admin'], title: 'New segment' },
  },
  {
    path: '/admin/segments/:id',
    name: 'admin-segment',
    component: () => import('./pages/AdminSegmentEditorPage.vue'),
    meta: { roles: ['admin'], title: 'Edit segment' },
  },
];
