import type { Role } from '@advocate-hub/shared';

/** Where "home" is for a member with these roles: the most specific workspace wins. */
export function homePathFor(roles: readonly Role[] | null | undefined): string {
  if (!roles) return '/login';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('moderator')) return '/moderation';
  if (roles.includes('advocate')) return '/home';
  return '/profile';
}
