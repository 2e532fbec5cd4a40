import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '@advocate-hub/shared';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a multipart/form-data upload (besides JSON): the origin check still applies. */
    upload?: boolean;
    /**
     * The route receives a form POST from another site by design (a SAML IdP's HTTP-POST binding): it
     * acts on no session cookie and verifies its own signed body, so the origin and JSON checks do not apply.
     */
    foreignForm?: boolean;
  }
}

const crossOrigin = () =>
  new AppError({
    code: ErrorCode.crossOrigin,
    status: 403,
    message: 'This request came from another site; changes are accepted only from the hub itself',
  });
const notJson = () =>
  new AppError({
    code: ErrorCode.unsupportedMediaType,
    status: 415,
    message: 'Send the request body as application/json',
  });

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** True when the browser says the request came from somewhere other than the hub's own pages. */
export function isForeignOrigin(request: FastifyRequest, hubOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.origin;
  // A browser that says same-origin is trusted over a PUBLIC_URL that names another host (a proxy).
  return origin !== undefined && origin !== hubOrigin && site !== 'same-origin';
}

/**
 * CSRF defence for browser sessions, in onRequest before anything else runs. Unsafe /api requests that
 * do not carry a Bearer token (so may ride on the session cookie) are refused when the browser reports
 * another origin or site (`Origin`, `Sec-Fetch-Site`), and their bodies must be JSON, which a page on
 * another site cannot send without a CORS preflight the hub never grants. Bearer clients are unaffected:
 * a browser never attaches that header (nor `X-Api-Key`) on its own.
 */
export const originPlugin = fp(
  async (app: FastifyInstance, opts: { publicUrl: string }) => {
    const hubOrigin = new URL(opts.publicUrl).origin;
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
      if (/^bearer\s/i.test(request.headers.authorization ?? '')) return;
      if (request.routeOptions.config.foreignForm) return;
      // An integration's API key: a custom header a page on another site cannot send without a CORS preflight.
      if (request.headers['x-api-key'] !== undefined) return;
      if (isForeignOrigin(request, hubOrigin)) throw crossOrigin();
      const type = request.headers['content-type'] ?? '';
      // Upload routes also take multipart/form-data: the same-origin check above is what guards them.
      if (request.routeOptions.config.upload && MULTIPART_TYPE.test(type)) return;
      if (hasBody(request) && !JSON_TYPE.test(type)) throw notJson();
    });
  },
  { name: 'origin' },
);
