import type { Role } from '@advocate-hub/shared';

/** Where "home" is for a member with these roles: the most specific workspace wins. */
export function homePathFor(roles: readonly Role[] | null | undefined): string {
  if (!roles) return '/login';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('moderator')) return '/moderation';
  // Sellers and marketers work from their reference requests (even those who are advocates too).
  if (roles.includes('requester')) return '/references/requests';
  if (roles.includes('advocate')) return '/home';
  return '/profile';
}
