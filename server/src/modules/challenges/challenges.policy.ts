import { definePolicy, ADMIN, ADVOCATE } from '../../platform/access.js';

/** Who may call each challenges route. The access plugin decides it in onRequest, before the body is read. */
export const challengesPolicy = definePolicy({
  'GET /api/challenges': 'member',
  'GET /api/challenges/:id': 'member',
  'POST /api/challenges/:id/completions': ADVOCATE,
  'GET /api/admin/challenges': ADMIN,
  'POST /api/admin/challenges': ADMIN,
  'GET /api/admin/challenges/:id': ADMIN,
  'PATCH /api/admin/challenges/:id': ADMIN,
  'POST /api/admin/challenges/:id/duplicate': ADMIN,
  'POST /api/admin/challenges/:id/publish': ADMIN,
  'POST /api/admin/challenges/:id/archive': ADMIN,
});
