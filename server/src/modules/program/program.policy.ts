import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each program route. The access plugin decides it in onRequest, before the body is read. */
export const programPolicy = definePolicy({
  'GET /api/program': 'public',
  'PATCH /api/admin/program': ADMIN,
});
