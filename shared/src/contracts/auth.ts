import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../password.js';
import { MeMember } from './members.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .describe('Email address');
// The policy (length, not the email) is checked in the service so the message can name the rule.
const password = z.string().min(1, 'Enter a password').max(PASSWORD_MAX_LENGTH);
const name = z.string().trim().min(1, 'Enter your name').max(120);

export const LoginBody = z.object({ email, password });
export type LoginBody = z.infer<typeof LoginBody>;
export const LoginResponse = z.object({ member: MeMember });

export const TokenBody = LoginBody;
export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});

export const AcceptInviteBody = z.object({ token: z.string().min(10).max(200), name, password });
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;

export const InviteLookupParams = z.object({ token: z.string().min(10).max(200) });
export const InviteLookupResponse = z.object({
  invite: z.object({ email: z.string(), name: z.string().nullable(), expiresAt: z.string() }),
});

export const JoinBody = z.object({
  code: z.string().trim().min(1, 'Enter a join code').max(64),
  email,
  name,
  password,
});
export type JoinBody = z.infer<typeof JoinBody>;

export const JoinCodeLookupQuery = z.object({ code: z.string().trim().min(1).max(64) });
export const JoinCodeLookupResponse = z.object({ joinCode: z.object({ code: z.string(), label: z.string() }) });
