import { definePolicy, ADMIN } from '../../platform/access.js';

/** CSV imports of events and points, and of members: admins only. */
export const importsPolicy = definePolicy({
  'POST /api/admin/events/import': ADMIN,
  'POST /api/admin/members/import': ADMIN,
});
