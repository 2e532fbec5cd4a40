import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each audit route. The access plugin decides it in onRequest, before the body is read. */
export const auditPolicy = definePolicy({
  'GET /api/admin/audit': ADMIN,
});
