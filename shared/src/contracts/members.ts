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
  // Self-service profile (optional additions).
  industry: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  persona: z.string().nullable().optional(),
  products: z.array(z.string()).optional(),
  /** When the member put away the home page's "how it works" explainer; null = still shown. */
  homeIntroDismissedAt: z.string().nullable().optional(),
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

/** Profile fields a program may let members change themselves (name and time zone always are). */
export const MEMBER_EDITABLE_FIELDS = ['company', 'title', 'industry', 'region', 'persona', 'products'] as const;
export const MemberEditableField = z.enum(MEMBER_EDITABLE_FIELDS);
export type MemberEditableField = z.infer<typeof MemberEditableField>;
export const DEFAULT_MEMBER_EDITABLE_FIELDS: MemberEditableField[] = ['company', 'title'];

/**
 * PATCH /api/me — the member's own settings. Only the fields sent change; unknown fields are refused
 * (400), and a field the program does not let members edit is `members.field_not_editable` (400, with the field named).
 */
export const UpdateMeBody = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters'),
    company: ProfileText,
    title: ProfileText,
    industry: ProfileText,
    region: ProfileText,
    persona: ProfileText,
    products: ProfileList,
    timezone: z
      .string()
      .trim()
      .max(64)
      .transform((s) => (s === '' ? null : s))
      .nullable(),
    leaderboardVisibility: LeaderboardVisibility,
  })
  .partial()
  .strict();
export type UpdateMeBody = z.input<typeof UpdateMeBody>;
export type UpdateMe = z.output<typeof UpdateMeBody>;

/** POST /api/me/password — the current password proves it is the member; other sessions end. */
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(200),
  newPassword: z.string().min(1, 'Enter a new password').max(400),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
export const ChangePasswordResponse = z.object({
  ok: z.literal(true),
  /** How many other sessions were ended. */
  sessionsEnded: z.number().int(),
});
