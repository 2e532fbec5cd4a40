import { definePolicy, ADMIN } from '../../platform/access.js';

/**
 * Who may call each leaderboards route. The access plugin decides it in onRequest, before the body
 * is read; whether a member may see a group, segment or event board is decided by the service (its
 * members and admins only).
 */
export const leaderboardsPolicy = definePolicy({
  'GET /api/leaderboards': 'member',
  'GET /api/leaderboards/:board': 'member',
  'GET /api/leaderboards/:board/wall': 'member',
  'GET /api/admin/leaderboards/settings': ADMIN,
  'PUT /api/admin/leaderboards/settings': ADMIN,
  'GET /api/admin/leaderboards/seasons': ADMIN,
  'POST /api/admin/leaderboards/seasons': ADMIN,
  'PATCH /api/admin/leaderboards/seasons/:id': ADMIN,
  'DELETE /api/admin/leaderboards/seasons/:id': ADMIN,
  'GET /api/admin/leaderboards/events': ADMIN,
  'POST /api/admin/leaderboards/events': ADMIN,
  'PATCH /api/admin/leaderboards/events/:id': ADMIN,
  'DELETE /api/admin/leaderboards/events/:id': ADMIN,
});
