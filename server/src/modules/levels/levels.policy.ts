import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each levels route. The access plugin decides it in onRequest, before the body is read. */
export const levelsPolicy = definePolicy({
  'GET /api/levels': 'member',
  'GET /api/admin/levels': ADMIN,
  'POST /api/admin/levels': ADMIN,
  'PATCH /api/admin/levels/:id': ADMIN,
  'DELETE /api/admin/levels/:id': ADMIN,
});
