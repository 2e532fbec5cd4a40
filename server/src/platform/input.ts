import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@advocate-hub/shared';
import { AppError } from './errors.js';

/** The path (`a.b.0`) of the first string under `value` holding a NUL character, which PostgreSQL cannot store. */
export function findNulText(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '_' : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.split('\u0000').join('\\0')].join('.');
    const found = findNulText(child, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Input checks every route inherits, before its own schema runs: text holding a NUL character is
 * refused as a validation error naming the field, in the params, the query and the body alike.
 * A request no route matches is left alone: it answers 404 (in the format of its prefix, SCIM
 * or API) whatever its query holds.
 */
export const inputPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      if (request.is404) return;
      for (const [where, value] of [
        ['params', request.params],
        ['querystring', request.query],
        ['body', request.body],
      ] as const) {
        const field = findNulText(value);
        if (field !== null)
          throw new AppError({
            code: ErrorCode.validation,
            status: 400,
            message: `Invalid request ${where}`,
            details: { fields: { [field]: 'Text may not contain a NUL character (\\u0000)' } },
          });
      }
    });
  },
  { name: 'input' },
);
