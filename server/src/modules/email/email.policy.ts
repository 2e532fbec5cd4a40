import { ADMIN, definePolicy } from '../../platform/access.js';

/** Who may call each email route. The access plugin decides it in onRequest, before the body is read. */
export const emailPolicy = definePolicy({
  'GET /api/me/notification-preferences': 'member',
  'PUT /api/me/notification-preferences': 'member',
  // The link in an email is the proof: its signature names the member and the topic.
  'POST /api/email/unsubscribe': 'public',
  'GET /api/admin/email/messages': ADMIN,
  'GET /api/admin/email/messages/:id': ADMIN,
  'POST /api/admin/email/messages/:id/retry': ADMIN,
  'POST /api/admin/email/digest': ADMIN,
});
