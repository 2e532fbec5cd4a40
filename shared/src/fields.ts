/**
 * Field schemas several contracts are built from. Not re-exported by the package index: they are
 * building blocks, not contracts of their own.
 */
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password.js';

/** A trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** What a `markdown()` field does to the text it parses: nothing, until the server sets its sanitiser. */
let sanitiseMarkdown: (source: string) => string = (source) => source;

/**
 * Set once by the server at start (server/src/platform/markdown.ts): from then on every `markdown()`
 * field removes raw HTML as a request is parsed. The browser never sets it, so sanitize-html stays
 * out of its bundle, and what an admin previews is what they typed.
 */
export function setMarkdownSanitiser(sanitise: (source: string) => string): void {
  sanitiseMarkdown = sanitise;
}

/**
 * Markdown of at most `max` characters (rendered with CommonMarkdown in the web app). Raw HTML is
 * removed when the server parses it. `required`: trimmed, and not empty once cleaned.
 */
export function markdown(max: number, opts: { required?: boolean } = {}) {
  const field = z
    .string()
    .max(max)
    .overwrite((source) => sanitiseMarkdown(source));
  return (opts.required ? field.trim().min(1) : field).describe('Markdown. Raw HTML is removed when it is saved.');
}

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
