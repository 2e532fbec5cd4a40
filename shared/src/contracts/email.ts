import { z } from 'zod';
import { Timestamp } from '../common.js';
import { keysetCursor } from '../cursors.js';
import { email, password } from '../fields.js';
import { Role } from '../enums.js';
import { NOTIFICATION_TOPICS } from './notification-prefs.js';

/** Stable error codes of email, account recovery and email change (never rename one). */
export const EmailErrorCode = {
  unsubscribeInvalid: 'email.unsubscribe_invalid',
  messageNotFound: 'email.not_found',
  notFailed: 'email.not_failed',
  resetTokenInvalid: 'auth.reset_token_invalid',
  emailTokenInvalid: 'auth.email_token_invalid',
  passwordIncorrect: 'auth.password_incorrect',
  emailUnchanged: 'members.email_unchanged',
} as const;

// ——— Outgoing messages (the admin outbox screen) ———

/** queued: waiting to go out (or retrying); sent: the SMTP server took it; failed: retries ran out; stored: no SMTP_URL, kept here only. */
export const EMAIL_STATUSES = ['queued', 'sent', 'failed', 'stored'] as const;
export const EmailStatus = z.enum(EMAIL_STATUSES);
export type EmailStatus = z.infer<typeof EmailStatus>;

export const EMAIL_KINDS = [
  'invite',
  'password_reset',
  'email_change',
  'email_change_notice',
  'review',
  'redemption',
  'level',
  'digest',
] as const;
export const EmailKind = z.enum(EMAIL_KINDS);
export type EmailKind = z.infer<typeof EmailKind>;

export const EmailMessageSummary = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  memberId: z.uuid().nullable(),
  subject: z.string(),
  status: EmailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type EmailMessageSummary = z.infer<typeof EmailMessageSummary>;
export const EmailMessage = EmailMessageSummary.extend({
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
});
export type EmailMessage = z.infer<typeof EmailMessage>;

export const EmailMessagesQuery = z.object({
  status: EmailStatus.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: keysetCursor.optional(),
});
export const EmailMessagesResponse = z.object({
  messages: z.array(EmailMessageSummary),
  nextCursor: z.string().nullable(),
});
export const EmailMessageResponse = z.object({ message: EmailMessage });

export const DigestNowBody = z.object({ memberId: z.uuid().optional() });
export const DigestNowResponse = z.object({ queued: z.number().int() });

// ——— Unsubscribe (one click, RFC 8058) ———

/** What one unsubscribe link turns off: a topic's emails, or the weekly digest. */
export const UNSUBSCRIBE_TOPICS = [...NOTIFICATION_TOPICS, 'digest'] as const;
export const UnsubscribeTopic = z.enum(UNSUBSCRIBE_TOPICS);
export type UnsubscribeTopic = z.infer<typeof UnsubscribeTopic>;
/** The query of an unsubscribe link: member, topic and their signature. */
export const UnsubscribeParams = z.object({
  m: z.uuid(),
  t: UnsubscribeTopic,
  s: z.string().min(10).max(100),
});
export type UnsubscribeParams = z.infer<typeof UnsubscribeParams>;
export const UnsubscribeResponse = z.object({ ok: z.literal(true), topic: UnsubscribeTopic });

// ——— Password reset and email change ———

export const ForgotPasswordBody = z.object({ email: z.string().trim().toLowerCase().max(320) });
export const ForgotPasswordResponse = z.object({ ok: z.literal(true), message: z.string() });
export const AccountToken = z.string().min(10).max(200);
export const ResetPasswordBody = z.object({ token: AccountToken, password });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;
export const ChangeEmailBody = z.object({ newEmail: email, password });
export type ChangeEmailBody = z.infer<typeof ChangeEmailBody>;
export const ChangeEmailResponse = z.object({ ok: z.literal(true), pendingEmail: z.string() });
export const ConfirmEmailBody = z.object({ token: AccountToken });
export const ConfirmEmailResponse = z.object({ ok: z.literal(true), email: z.string() });

// ——— Invites by email ———

export const BULK_INVITE_MAX = 500;
export const BulkInviteRow = z.object({
  email: z.string().trim().max(320),
  name: z.string().trim().min(1).max(120).optional(),
  roles: z.array(Role).min(1).max(3).optional(),
});
/**
 * `invites`: rows; or `emails`: pasted text, one address per line (or separated by commas/semicolons),
 * optionally `email, name`, or an array of addresses.
 */
export const BulkInviteBody = z
  .object({
    invites: z.array(BulkInviteRow).min(1).max(BULK_INVITE_MAX).optional(),
    emails: z
      .union([z.string().max(200_000), z.array(z.string().trim().max(320)).min(1).max(BULK_INVITE_MAX)])
      .optional(),
    roles: z.array(Role).min(1).max(3).optional(),
  })
  .refine((b) => (b.invites ? !b.emails : Array.isArray(b.emails) || !!b.emails?.trim()), {
    message: 'Send either `invites` or `emails`',
  });
export type BulkInviteBody = z.infer<typeof BulkInviteBody>;
export const BulkInviteResult = z.object({
  email: z.string(),
  status: z.enum(['created', 'skipped', 'invalid']),
  reason: z.enum(['already_member', 'already_invited', 'duplicate', 'invalid_email']).optional(),
  inviteId: z.uuid().optional(),
  /** What happened to the address: invited now, a member already, invited before (an open invite), or not an address. */
  outcome: z.enum(['invited', 'already_member', 'already_invited', 'invalid']),
});
export type BulkInviteResult = z.infer<typeof BulkInviteResult>;
export const BulkInviteResponse = z.object({
  results: z.array(BulkInviteResult),
  created: z.number().int(),
  skipped: z.number().int(),
  invalid: z.number().int(),
});
export type BulkInviteResponse = z.infer<typeof BulkInviteResponse>;

/** An invite not accepted yet (the admin's list, with its Resend action). */
export const OpenInvite = z.object({
  id: z.uuid(),
  email: z.string(),
  roles: z.array(Role),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  lastSentAt: Timestamp.nullable(),
  sendCount: z.number().int(),
});
export type OpenInvite = z.infer<typeof OpenInvite>;
export const OpenInvitesQuery = z.object({ q: z.string().trim().max(200).optional() });
export const OpenInvitesResponse = z.object({ invites: z.array(OpenInvite) });
