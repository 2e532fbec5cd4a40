import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each ledger route. The access plugin decides it in onRequest, before the body is read. */
export const ledgerPolicy = definePolicy({
  'GET /api/me/points': 'member',
  'GET /api/admin/members/:id/points': ADMIN,
  'POST /api/admin/members/:id/adjustments': ADMIN,
});
