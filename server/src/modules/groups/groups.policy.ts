import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each groups route. The access plugin decides it in onRequest, before the body is read. */
export const groupsPolicy = definePolicy({
  'GET /api/admin/groups': ADMIN,
  'POST /api/admin/groups': ADMIN,
  'PATCH /api/admin/groups/:id': ADMIN,
  'DELETE /api/admin/groups/:id': ADMIN,
  'GET /api/admin/groups/:id/members': ADMIN,
  'POST /api/admin/groups/:id/members': ADMIN,
  'DELETE /api/admin/groups/:id/members': ADMIN,
});
