import { z } from 'zod';
import { Role } from '../enums.js';
import { Timestamp } from '../common.js';
import { password, personName } from '../fields.js';

export const InviteBody = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'Enter a valid email address' })),
  name: z.string().trim().min(1).max(120).optional(),
  roles: z.array(Role).min(1).max(3).optional(),
  /** Also email the link to the address (default); false only returns the link to share. */
  sendEmail: z.boolean().optional(),
});
export type InviteBody = z.infer<typeof InviteBody>;

export const Invite = z.object({
  id: z.uuid(),
  email: z.string(),
  roles: z.array(Role),
  expiresAt: Timestamp,
});
export const InviteResponse = z.object({ invite: Invite, inviteUrl: z.string() });

export const AcceptInviteBody = z.object({
  token: z.string().min(10).max(200),
  name: personName,
  password,
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const InviteLookupParams = z.object({ token: z.string().min(10).max(200) });
export const InviteLookupResponse = z.object({
  invite: z.object({ email: z.string(), name: z.string().nullable(), expiresAt: z.string() }),
});
