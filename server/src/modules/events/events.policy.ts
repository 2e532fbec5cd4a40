import { definePolicy, ADMIN } from '../../platform/access.js';

/**
 * Events from other systems: `POST /api/events` is public in this table and guards itself with an
 * API key holding `events:write` (an onRequest hook, before the body is read); the log is the admins'.
 */
export const eventsPolicy = definePolicy({
  'POST /api/events': 'public',
  'GET /api/admin/events': ADMIN,
});
