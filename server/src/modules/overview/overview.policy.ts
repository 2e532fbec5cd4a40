import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each overview route. The access plugin decides it in onRequest, before the body is read. */
export const overviewPolicy = definePolicy({
  'GET /api/admin/overview': ADMIN,
});
