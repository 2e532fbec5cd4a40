import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each analytics route. The access plugin decides it in onRequest, before the body is read. */
export const analyticsPolicy = definePolicy({
  'GET /api/admin/analytics/overview': ADMIN,
  'GET /api/admin/analytics/export': ADMIN,
  'GET /api/admin/analytics/values': ADMIN,
  'PUT /api/admin/analytics/values': ADMIN,
  'GET /api/admin/analytics/leak': ADMIN,
  'GET /api/admin/analytics/leak/activations': ADMIN,
  'POST /api/admin/analytics/leak/activations': ADMIN,
});
