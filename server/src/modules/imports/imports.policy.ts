import { definePolicy, ADMIN } from '../../platform/access.js';

/**
 * CSV imports of events and points, and of members: admins; an integration imports members with an
 * API key holding `members:write` (public here, guarded by the key in onRequest).
 */
export const importsPolicy = definePolicy({
  'POST /api/admin/events/import': ADMIN,
  'POST /api/admin/members/import': ADMIN,
  'POST /api/members/import': 'public',
});
