import { definePolicy } from '../../platform/access.js';

/** Who may call each notifications route. The access plugin decides it in onRequest, before the body is read. */
export const notificationsPolicy = definePolicy({
  'GET /api/me/notifications': 'member',
  'POST /api/me/notifications/read': 'member',
});
