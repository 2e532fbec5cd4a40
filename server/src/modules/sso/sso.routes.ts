import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  CreateSsoConnectionBody,
  PublicSsoConnectionsResponse,
  SamlAcsBody,
  SsoConnectionResponse,
  SsoConnectionsResponse,
  SsoErrorCode,
  SsoIdParams,
  UpdateSsoConnectionBody,
} from '@advocate-hub/shared';
import { requestContext } from '../auth/auth.plugin.js';
import { FLOW_COOKIE, FLOW_TTL_SECONDS, SsoLoginFailure, type SsoService } from './sso.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };
const FLOW_COOKIE_PATH = '/api/auth/sso';
/** The SAML request this browser started (its id), for the ACS to check the response answers it. */
const SAML_COOKIE = 'ah_saml';
const SAML_COOKIE_PATH = '/api/auth/saml';
const Redirect = z.null().describe('302 to the identity provider, the member’s home or /login?error=<code>');

export async function ssoRoutes(
  app: FastifyInstance,
  opts: { service: SsoService; secureCookies: boolean; perMinute: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const tags = ['auth: single sign-on'];
  const adminTags = ['admin: single sign-on'];
  const rateLimit = { max: opts.perMinute, timeWindow: '1 minute' };

  /** Success: the same cookies as a password sign-in, then the member's home. Failure: the login page says why. */
  const finish = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<string>) => {
    try {
      const memberId = await work();
      const session = await app.auth.signInVerified(memberId, requestContext(request));
      app.setSessionCookies(reply, session);
      return reply.redirect('/', 302);
    } catch (err) {
      if (!(err instanceof SsoLoginFailure)) request.log.error({ err }, 'single sign-on failed');
      else request.log.info({ code: err.code, reason: err.message }, 'single sign-on refused');
      const code = err instanceof SsoLoginFailure ? err.code : SsoErrorCode.failed;
      return reply.redirect(`/login?error=${encodeURIComponent(code)}`, 302);
    }
  };

  r.get(
    '/api/auth/sso',
    {
      schema: {
        tags,
        summary: 'Enabled sign-in connections, for the login page’s buttons',
        response: { 200: PublicSsoConnectionsResponse },
      },
    },
    async () => s.listPublic(),
  );

  r.get(
    '/api/auth/sso/:id/start',
    {
      config: { rateLimit },
      schema: { tags, summary: 'Start an OpenID Connect sign-in (redirects to the IdP)', params: SsoIdParams },
    },
    async (request, reply) => {
      try {
        const { url, cookie } = await s.oidcStart(request.params.id);
        reply.setCookie(FLOW_COOKIE, cookie, {
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secureCookies,
          path: FLOW_COOKIE_PATH,
          maxAge: FLOW_TTL_SECONDS,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        return finish(request, reply, () => Promise.reject(err));
      }
    },
  );

  r.get(
    '/api/auth/sso/:id/callback',
    {
      config: { rateLimit },
      schema: {
        tags,
        summary: 'The IdP’s redirect back: code exchange, ID token validation, session',
        params: SsoIdParams,
        response: { 302: Redirect },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, {
        path: FLOW_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
      });
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return finish(request, reply, () => s.oidcCallback(request.params.id, search, cookie, request.ip));
    },
  );

  r.get(
    '/api/auth/saml/:id/metadata',
    {
      schema: {
        tags,
        summary: 'SAML service provider metadata (XML) to give the IdP',
        params: SsoIdParams,
        response: { 200: z.string(), 404: ApiError },
      },
    },
    async (request, reply) => reply.type('application/samlmetadata+xml').send(await s.samlMetadata(request.params.id)),
  );

  r.get(
    '/api/auth/saml/:id/start',
    {
      config: { rateLimit },
      schema: { tags, summary: 'Start a SAML sign-in (HTTP-Redirect AuthnRequest)', params: SsoIdParams },
    },
    async (request, reply) => {
      try {
        const { url, requestId } = await s.samlStart(request.params.id);
        // The IdP answers with a cross-site POST: on https the cookie must be SameSite=None to come along.
        reply.setCookie(SAML_COOKIE, requestId, {
          httpOnly: true,
          sameSite: opts.secureCookies ? 'none' : 'lax',
          secure: opts.secureCookies,
          path: SAML_COOKIE_PATH,
          maxAge: FLOW_TTL_SECONDS,
        });
        return reply.redirect(url, 302);
      } catch (err) {
        return finish(request, reply, () => Promise.reject(err));
      }
    },
  );

  // The IdP's HTTP-POST: a form from another site, parsed here only.
  await app.register(async (acs) => {
    acs.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 512 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    acs.withTypeProvider<ZodTypeProvider>().post(
      '/api/auth/saml/:id/acs',
      {
        config: { rateLimit, foreignForm: true },
        schema: {
          tags,
          summary: 'SAML assertion consumer service (HTTP-POST binding)',
          consumes: ['application/x-www-form-urlencoded'],
          params: SsoIdParams,
          body: SamlAcsBody,
          response: { 302: Redirect },
        },
        // A malformed form is a failed sign-in for the person in the browser, not a JSON error.
        attachValidation: true,
      },
      async (request, reply) => {
        if (request.validationError)
          return finish(request, reply, () =>
            Promise.reject(new SsoLoginFailure(SsoErrorCode.failed, 'The SAML form was malformed')),
          );
        const requestId = request.cookies[SAML_COOKIE];
        reply.clearCookie(SAML_COOKIE, {
          path: SAML_COOKIE_PATH,
          httpOnly: true,
          sameSite: opts.secureCookies ? 'none' : 'lax',
          secure: opts.secureCookies,
        });
        return finish(request, reply, () =>
          s.samlAcs(
            request.params.id,
            request.body,
            { requestId: requestId || undefined, required: opts.secureCookies },
            request.ip,
          ),
        );
      },
    );
  });

  r.get(
    '/api/admin/sso/connections',
    {
      schema: {
        tags: adminTags,
        summary: 'SSO connections (client secrets are never sent back) and the SCIM base URL',
        response: { 200: SsoConnectionsResponse, ...errors },
      },
    },
    async () => s.list(),
  );
  r.post(
    '/api/admin/sso/connections',
    {
      schema: {
        tags: adminTags,
        summary: 'Add an OpenID Connect or SAML connection',
        body: CreateSsoConnectionBody,
        response: { 201: SsoConnectionResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.create(request.member!.id, request.body, request.ip)),
  );
  r.patch(
    '/api/admin/sso/connections/:id',
    {
      schema: {
        tags: adminTags,
        summary: 'Change a connection (enable/disable, settings; a new client secret replaces the old)',
        params: SsoIdParams,
        body: UpdateSsoConnectionBody,
        response: { 200: SsoConnectionResponse, ...errors },
      },
    },
    async (request) => s.update(request.member!.id, request.params.id, request.body, request.ip),
  );
  r.delete(
    '/api/admin/sso/connections/:id',
    {
      schema: {
        tags: adminTags,
        summary: 'Delete a connection and its members’ links to it',
        params: SsoIdParams,
        response: { 200: SsoConnectionResponse, ...errors },
      },
    },
    async (request) => s.remove(request.member!.id, request.params.id, request.ip),
  );
}
