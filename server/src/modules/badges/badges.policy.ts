import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each badges route. The access plugin decides it in onRequest, before the body is read. */
export const badgesPolicy = definePolicy({
  'GET /api/me/badges': 'member',
  'GET /api/admin/badges': ADMIN,
  'POST /api/admin/badges/preview': ADMIN,
  'POST /api/admin/badges': ADMIN,
  'PATCH /api/admin/badges/:id': ADMIN,
  'GET /api/admin/badges/:id/holders': ADMIN,
  'POST /api/admin/badges/:id/awards': ADMIN,
  'POST /api/admin/badges/:id/revoke': ADMIN,
});
