import { definePolicy } from '../../platform/access.js';

/** Who may call each auth route. The access plugin decides it in onRequest, before the body is read. */
export const authPolicy = definePolicy({
  'POST /api/auth/login': 'public',
  'POST /api/auth/token': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/me': 'member',
  'POST /api/me/password': 'member',
});
