/**
 * Field schemas several contracts are built from. Not re-exported by the package index: they are
 * building blocks, not contracts of their own.
 */
import { z } from 'zod';

/** A trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v), 'Use an http(s) URL');
