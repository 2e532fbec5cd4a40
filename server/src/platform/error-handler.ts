import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ErrorCode } from '@advocate-hub/shared';
import { AppError } from './errors.js';
import { isDatabaseUnavailable, isWritesUnavailable, type WriteHealth } from '../db/client.js';

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own client errors (bad JSON, unsupported media type, body too large …) as `request.<code>`. */
function sendClientError(reply: FastifyReply, err: FastifyError, status: number) {
  const code = err.code ? `request.${err.code.replace(/^FST_ERR_/, '').toLowerCase()}` : 'request.invalid';
  return send(reply, status, code, err.message);
}

/** Errors the router raises before a route is chosen (a bad URL, a path parameter over the length cap). */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return sendClientError(
    reply,
    err,
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400,
  );
}

/** One error handler for the whole API: `{error:{code,message,details?}}`, 5xx internals hidden. */
export function registerErrorHandler(app: FastifyInstance, opts: { writes?: WriteHealth } = {}) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      if (err.statusCode >= 500) request.log.error({ err }, err.message);
      return send(reply, err.statusCode, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || '_';
        if (!fields[path]) fields[path] = v.message ?? 'Invalid value';
      }
      const where = err.validationContext ?? 'body';
      return send(reply, 400, ErrorCode.validation, `Invalid request ${where}`, { fields });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause?.issues }, 'response did not match its schema');
      return send(reply, 500, ErrorCode.internal, 'Something went wrong on our side');
    }
    if (isWritesUnavailable(err)) {
      opts.writes?.failed();
      request.log.error({ err: { message: err.message, code: err.code } }, 'database cannot write');
      reply.header('retry-after', '30');
      return send(
        reply,
        503,
        ErrorCode.writesUnavailable,
        'Changes cannot be saved right now (the database is read-only or out of space); try again later',
      );
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: { message: err.message } }, 'database unavailable');
      reply.header('retry-after', '2');
      return send(reply, 503, ErrorCode.unavailable, 'The database is not reachable right now; try again shortly');
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return send(reply, 429, ErrorCode.rateLimited, err.message || 'Too many requests');
    if (status >= 400 && status < 500) return sendClientError(reply, err, status);
    request.log.error({ err }, 'unhandled error');
    return send(reply, 500, ErrorCode.internal, 'Something went wrong on our side');
  });
}
