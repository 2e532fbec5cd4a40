import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each join-codes route. The access plugin decides it in onRequest, before the body is read. */
export const joinCodesPolicy = definePolicy({
  'GET /api/admin/join-codes': ADMIN,
  'POST /api/admin/join-codes': ADMIN,
  'PATCH /api/admin/join-codes/:id': ADMIN,
  'GET /api/auth/join-codes': 'public',
  'POST /api/auth/join': 'public',
});
