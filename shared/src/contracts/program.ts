import { z } from 'zod';
import { MemberEditableField } from './members.js';

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #4f46e5');

export const Program = z.object({
  name: z.string(),
  tagline: z.string().nullable(),
  logoUrl: z.string().nullable(),
  accentColor: hexColour,
  timezone: z.string(),
  /** What one point is worth in `currency`, for the reward liability report. */
  pointValue: z.number(),
  currency: z.string(),
  /** Profile fields members may change themselves (besides name and time zone). */
  memberEditableFields: z.array(MemberEditableField).optional(),
});
export type Program = z.infer<typeof Program>;

export const ProgramResponse = z.object({ program: Program });

export const UpdateProgramBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    tagline: z.string().trim().max(160).nullable(),
    logoUrl: z
      .string()
      .trim()
      .max(2000)
      .refine((v) => /^https?:\/\//i.test(v) || v.startsWith('/'), 'Use an http(s) URL or a path')
      .nullable(),
    accentColor: hexColour,
    pointValue: z.number().min(0).max(1000).multipleOf(0.0001),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code like USD'),
    memberEditableFields: z
      .array(MemberEditableField)
      .max(10)
      .transform((v) => [...new Set(v)]),
  })
  .partial();
export type UpdateProgramBody = z.infer<typeof UpdateProgramBody>;
