import { z } from 'zod';
import { Timestamp } from '../common.js';
import { email, password, personName } from '../fields.js';

export const JoinCode = z.object({
  id: z.uuid(),
  code: z.string(),
  label: z.string(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int(),
  expiresAt: Timestamp.nullable(),
  disabled: z.boolean(),
  createdAt: Timestamp,
  joinUrl: z.string(),
});
export type JoinCode = z.infer<typeof JoinCode>;

export const CreateJoinCodeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, 'Use 4–64 letters, digits or dashes')
    .optional(),
  label: z.string().trim().min(1).max(120),
  maxUses: z.number().int().min(1).max(1_000_000).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type CreateJoinCodeBody = z.infer<typeof CreateJoinCodeBody>;
export const UpdateJoinCodeBody = z.object({ disabled: z.boolean() });
export const JoinCodesResponse = z.object({ joinCodes: z.array(JoinCode) });
export const JoinCodeResponse = z.object({ joinCode: JoinCode });

export const JoinBody = z.object({
  code: z.string().trim().min(1, 'Enter a join code').max(64),
  email,
  name: personName,
  password,
});
export type JoinBody = z.infer<typeof JoinBody>;

export const JoinCodeLookupQuery = z.object({ code: z.string().trim().min(1).max(64) });
export const JoinCodeLookupResponse = z.object({ joinCode: z.object({ code: z.string(), label: z.string() }) });
