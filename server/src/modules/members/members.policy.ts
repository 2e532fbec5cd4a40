import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each members route. The access plugin decides it in onRequest, before the body is read. */
export const membersPolicy = definePolicy({
  'GET /api/admin/members': ADMIN,
  'GET /api/admin/members/:id': ADMIN,
  'PATCH /api/admin/members/:id': ADMIN,
  'PUT /api/admin/members/:id/roles': ADMIN,
  'POST /api/admin/members/:id/suspend': ADMIN,
  'POST /api/admin/members/:id/reactivate': ADMIN,
  'PATCH /api/me': 'member',
  'POST /api/me/home/intro/dismiss': 'member',
});
