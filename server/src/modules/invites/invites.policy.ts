import { definePolicy, ADMIN } from '../../platform/access.js';

/** Who may call each invites route. The access plugin decides it in onRequest, before the body is read. */
export const invitesPolicy = definePolicy({
  'POST /api/admin/invites': ADMIN,
  'POST /api/admin/invites/bulk': ADMIN,
  'POST /api/admin/invites/:id/resend': ADMIN,
  'GET /api/admin/invites': ADMIN,
  'GET /api/auth/invites/:token': 'public',
  'POST /api/auth/invites/accept': 'public',
});
