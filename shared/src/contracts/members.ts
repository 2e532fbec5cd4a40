import { z } from 'zod';
import { keysetCursor } from '../cursors.js';
import { MemberStatus, Role } from '../enums.js';
import { Timestamp } from '../common.js';
import { LeaderboardVisibility } from './leaderboards.js';
import { BadgeLook } from './badges.js';

export const LevelRef = z.object({ id: z.uuid(), name: z.string(), rank: z.number().int() });

export const BadgeRef = z.object({ id: z.uuid(), name: z.string(), ...BadgeLook.shape, grantedAt: Timestamp });

/** GET /api/me — shape fixed by design.md; extra fields are optional additions. */
export const MeMember = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(Role),
  balance: z.number().int(),
  lifetime: z.number().int(),
  level: LevelRef.nullable(),
  nextLevel: LevelRef.extend({ threshold: z.number().int() }).nullable(),
  badges: z.array(BadgeRef),
  company: z.string().nullable(),
  title: z.string().nullable(),
  timezone: z.string().nullable(),
  trusted: z.boolean(),
  /** How the member appears on leaderboards, and the name they have there when anonymous. */
  leaderboardVisibility: LeaderboardVisibility,
  alias: z.string(),
  /** The member's picture (`POST /api/me/avatar`), or null. */
  avatarUrl: z.string().nullable(),
});
export type MeMember = z.infer<typeof MeMember>;

export const AdminMember = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(Role),
  status: MemberStatus,
  balance: z.number().int(),
  lifetime: z.number().int(),
  company: z.string().nullable(),
  trusted: z.boolean(),
  joinedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp.nullable(),
  // Profile fields (optional additions): they drive segments and targeting.
  title: z.string().nullable(),
  industry: z.string().nullable(),
  region: z.string().nullable(),
  persona: z.string().nullable(),
  products: z.array(z.string()),
  tags: z.array(z.string()),
  timezone: z.string().nullable(),
});
export type AdminMember = z.infer<typeof AdminMember>;

/** A trimmed text field of at most 120 characters; an empty string clears it (null). */
const ProfileText = z
  .string()
  .trim()
  .max(120, 'Use at most 120 characters')
  .transform((s) => (s === '' ? null : s))
  .nullable();

/** Up to 30 trimmed values of 1–60 characters; repeats are dropped (first one kept). */
const ProfileList = z
  .array(z.string().trim().min(1, 'Values cannot be empty').max(60, 'Use at most 60 characters per value'))
  .max(30, 'Use at most 30 values')
  .transform((values) => [...new Set(values)]);

/**
 * PATCH /api/admin/members/:id — every field optional; only the ones sent change.
 * `timezone` must be an IANA zone name (e.g. `Europe/Berlin`); the server checks it
 * (`members.invalid_timezone`, 422) so this package stays free of date libraries.
 */
export const UpdateMemberProfileBody = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters').optional(),
  company: ProfileText.optional(),
  title: ProfileText.optional(),
  industry: ProfileText.optional(),
  region: ProfileText.optional(),
  persona: ProfileText.optional(),
  products: ProfileList.optional(),
  tags: ProfileList.optional(),
  timezone: z
    .string()
    .trim()
    .max(64)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  trusted: z.boolean().optional(),
});
export type UpdateMemberProfileBody = z.input<typeof UpdateMemberProfileBody>;
export type UpdateMemberProfile = z.output<typeof UpdateMemberProfileBody>;

export const AdminMembersQuery = z.object({
  q: z.string().trim().max(200).optional(),
  role: Role.optional(),
  status: MemberStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: keysetCursor.optional(),
});
export type AdminMembersQuery = z.infer<typeof AdminMembersQuery>;

export const AdminMembersResponse = z.object({
  members: z.array(AdminMember),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const AdminMemberResponse = z.object({ member: AdminMember });

export const SetRolesBody = z.object({ roles: z.array(Role).min(1, 'Pick at least one role').max(3) });
export const SuspendBody = z.object({ reason: z.string().trim().min(1, 'Give a reason').max(500) });
export const ReactivateBody = z.object({ reason: z.string().trim().max(500).optional() });
