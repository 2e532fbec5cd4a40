/** A domain error with a stable code and an HTTP status. Created by factories, mapped by one handler. */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;
  constructor(opts: {
    code: string;
    status: number;
    message: string;
    details?: unknown;
    headers?: Record<string, string>;
  }) {
    super(opts.message);
    this.name = 'AppError';
    this.code = opts.code;
    this.statusCode = opts.status;
    this.details = opts.details;
    this.headers = opts.headers;
  }
}

export function createError(opts: { code: string; status: number; message: string }) {
  return (overrides: { message?: string; details?: unknown; headers?: Record<string, string> } = {}) =>
    new AppError({ ...opts, ...overrides });
}

export const notFound = (what: string, code = 'not_found') =>
  new AppError({ code, status: 404, message: `${what} not found` });

/** Postgres error codes repos translate into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; e && i < 4; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; e && i < 4; i++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
