import { definePolicy, ADMIN, speaks } from '../../platform/access.js';

/** Staff who work the community: moderators and admins. */
export const MODERATOR = ['moderator', 'admin'] as const;

/**
 * Who may call each community and moderation route, decided in onRequest before the body is read.
 * `speaks(...)`: writing to the community; a silenced member gets 403 `community.silenced`.
 */
export const communityPolicy = definePolicy({
  'GET /api/community/categories': 'member',
  'GET /api/community/threads': 'member',
  'POST /api/community/threads': speaks('member'),
  'GET /api/community/threads/:id': 'member',
  'POST /api/community/threads/:id/posts': speaks('member'),
  'POST /api/community/threads/:id/accepted': speaks('member'),
  'PATCH /api/community/posts/:id': speaks('member'),
  'GET /api/community/posts/:id/revisions': MODERATOR,
  'PUT /api/community/posts/:id/reactions': speaks('member'),
  'POST /api/community/posts/:id/flags': speaks('member'),
  'GET /api/community/search': 'member',
  'GET /api/community/mentions': 'member',
  'GET /api/admin/community/categories': ADMIN,
  'POST /api/admin/community/categories': ADMIN,
  'PATCH /api/admin/community/categories/:id': ADMIN,
  'POST /api/admin/community/categories/reorder': ADMIN,
  'GET /api/admin/community/settings': ADMIN,
  'PUT /api/admin/community/settings': ADMIN,
  'GET /api/moderation/summary': MODERATOR,
  'GET /api/moderation/queue': MODERATOR,
  'POST /api/moderation/posts/:id': MODERATOR,
  'POST /api/moderation/threads/:id': MODERATOR,
  'GET /api/moderation/members/:id': MODERATOR,
  'POST /api/moderation/members/:id': MODERATOR,
  'GET /api/moderation/sanctions': MODERATOR,
});
