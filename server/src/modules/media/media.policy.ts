import { ADMIN_MEDIA_PURPOSES, MediaPurpose, type Role } from '@advocate-hub/shared';
import { definePolicy } from '../../platform/access.js';

/**
 * Who may call each media route. Uploads are open to every signed-in member at the access layer;
 * which purposes a member may upload is decided next, still in onRequest (the purpose is in the
 * query): pictures of challenges, rewards, badges and the program logo are for admins, avatars and
 * proofs for everyone. Private files are served to their owner and admins only (the service decides,
 * 403 `media.forbidden`).
 */
export const mediaPolicy = definePolicy({
  'POST /api/media': 'member',
  'GET /api/media/:id': 'member',
  'POST /api/me/avatar': 'member',
  'DELETE /api/me/avatar': 'member',
});

/** Roles that may upload for a purpose (`null`: any signed-in member). */
export const uploadRoles: Record<MediaPurpose, readonly Role[] | null> = Object.fromEntries(
  MediaPurpose.options.map((p) => [p, ADMIN_MEDIA_PURPOSES.includes(p) ? (['admin'] as const) : null]),
) as Record<MediaPurpose, readonly Role[] | null>;

/** True when a member holding `roles` may upload for `purpose`. */
export function mayUpload(roles: readonly Role[], purpose: MediaPurpose): boolean {
  const needed = uploadRoles[purpose];
  return needed === null || roles.some((r) => needed.includes(r));
}

/** Private media (proofs) are read by whoever sent them and by admins. */
export function mayRead(member: { id: string; roles: readonly Role[] }, owner: string | null): boolean {
  return member.id === owner || member.roles.includes('admin');
}
