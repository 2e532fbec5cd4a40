import { definePolicy, ADMIN, ADVOCATE, owned } from '../../platform/access.js';

/** Who may call each rewards route. The access plugin decides it in onRequest, before the body is read. */
export const rewardsPolicy = definePolicy({
  'GET /api/rewards': 'member',
  'GET /api/rewards/:id': 'member',
  'POST /api/rewards/:id/redemptions': ADVOCATE,
  'GET /api/me/redemptions': 'member',
  'POST /api/me/redemptions/:id/cancel': owned(ADVOCATE),
  'GET /api/admin/rewards': ADMIN,
  'POST /api/admin/rewards': ADMIN,
  'GET /api/admin/rewards/liability': ADMIN,
  'GET /api/admin/rewards/:id': ADMIN,
  'PATCH /api/admin/rewards/:id': ADMIN,
  'POST /api/admin/rewards/:id/codes': ADMIN,
  'GET /api/admin/redemptions': ADMIN,
  'GET /api/admin/redemptions/export': ADMIN,
  'POST /api/admin/redemptions/bulk': ADMIN,
  'GET /api/admin/redemptions/:id': ADMIN,
  'POST /api/admin/redemptions/:id': ADMIN,
});
