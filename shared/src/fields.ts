/**
 * Field schemas several contracts are built from. Not re-exported by the package index: they are
 * building blocks, not contracts of their own.
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password.js';

/** A trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\//i.test(v), 'Use an http(s) URL');

/** Sign-in and sign-up fields. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .describe('Email address');
// The policy (length, not the email) is checked in the service so the message can name the rule.
export const password = z.string().min(1, 'Enter a password').max(PASSWORD_MAX_LENGTH);
export const personName = z.string().trim().min(1, 'Enter your name').max(120);
