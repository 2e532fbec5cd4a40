import { z } from 'zod';
import { email, password } from '../fields.js';
import { MeMember } from './members.js';

export const LoginBody = z.object({ email, password });
export type LoginBody = z.infer<typeof LoginBody>;
export const LoginResponse = z.object({ member: MeMember });

export const TokenBody = LoginBody;
export const TokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});
