import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each segments route. The access plugin decides it in onRequest, before the body is read. */
export const segmentsPolicy = definePolicy({
  'GET /api/admin/segments': ADMIN,
  'GET /api/admin/segments/values': ADMIN,
  'POST /api/admin/segments/preview': ADMIN,
  'POST /api/admin/segments': ADMIN,
  'GET /api/admin/segments/:id': ADMIN,
  'PATCH /api/admin/segments/:id': ADMIN,
  'DELETE /api/admin/segments/:id': ADMIN,
  'GET /api/admin/segments/:id/members': ADMIN,
  'POST /api/admin/challenges/audience': ADMIN,
});
