import { definePolicy } from '../../platform/access.js';

/** Who may call each health route. The access plugin decides it in onRequest, before the body is read. */
export const healthPolicy = definePolicy({
  'GET /api/health': 'public',
});
