import { z } from 'zod';

/** `requester`: a seller or marketer who asks for customer references (the reference desk). */
export const ROLES = ['advocate', 'admin', 'moderator', 'requester'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const MEMBER_STATUSES = ['invited', 'active', 'suspended'] as const;
export const MemberStatus = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** Roles that count as program staff (excluded from leaderboards, may reach /admin or /moderation). */
export const STAFF_ROLES: readonly Role[] = ['admin', 'moderator'];
