import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each completions route. The access plugin decides it in onRequest, before the body is read. */
export const completionsPolicy = definePolicy({
  'GET /api/admin/reviews': ADMIN,
  'POST /api/admin/reviews/:completionId': ADMIN,
  'POST /api/admin/completions/:id/reverse': ADMIN,
});
