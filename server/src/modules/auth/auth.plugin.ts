import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import { ErrorCode, isUuid } from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';
import type { AuthMember } from '../../platform/access.js';
import type { Db } from '../../db/client.js';
import type { DefinitionCache } from '../../platform/cache.js';
import type { MemberSnapshot } from '../members/members.repo.js';
import { memberForRequest } from './auth.repo.js';
import { AuthService, suspendedError, type AuthSettings, type RequestContext, type Session } from './auth.service.js';

export const ACCESS_COOKIE = 'ah_at';
export const REFRESH_COOKIE = 'ah_rt';
const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * Readable by the page (not httpOnly, carries nothing secret): tells the SPA a session may exist, so a
 * fresh visitor's page does not probe /api/me and log a 401 for nothing.
 */
export const SESSION_HINT_COOKIE = 'ah_session';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller's member row (with roles and groups) as read when this request was authenticated:
     * reads of this request start from it instead of reading the member again. Never for writes,
     * which lock and read the member inside their transaction.
     */
    memberSnapshot: MemberSnapshot | null;
  }
  interface FastifyInstance {
    auth: AuthService;
    setSessionCookies(reply: FastifyReply, session: Session): void;
    clearSessionCookies(reply: FastifyReply): void;
  }
}
declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** `sid`: the session (refresh-token family) the token belongs to; ending it ends the token. */
    payload: { sub: string; sid: string };
    user: { sub: string; sid: string; iat: number; exp: number };
  }
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip ?? null, userAgent: (request.headers['user-agent'] as string | undefined) ?? null };
}

const NO_TOKEN = new Set(['FST_JWT_NO_AUTHORIZATION_IN_COOKIE', 'FST_JWT_NO_AUTHORIZATION_IN_HEADER']);
const invalidToken = () =>
  new AppError({ code: ErrorCode.authInvalidToken, status: 401, message: 'Invalid access token' });
const sessionEnded = () =>
  new AppError({ code: ErrorCode.authSessionEnded, status: 401, message: 'This session has ended; sign in again' });

/** The session id of the caller's access token when it verifies, else null (sign-out must work without one). */
export async function sessionOf(request: FastifyRequest): Promise<string | null> {
  try {
    const { sid } = await request.jwtVerify<{ sid?: unknown }>();
    return typeof sid === 'string' && isUuid(sid) ? sid : null;
  } catch {
    return null;
  }
}

/**
 * Cookies, JWT (HS256 pinned for signing and verifying), the AuthService and `app.authenticate`.
 * The access token is checked against the member row on every request, so a suspension or a role
 * change takes effect at once, not when the token expires.
 */
export const authPlugin = fp(
  async (
    app: FastifyInstance,
    opts: { db: Db; secret: string; secureCookies: boolean; settings: AuthSettings; cache?: DefinitionCache },
  ) => {
    await app.register(fastifyCookie);
    await app.register(fastifyJwt, {
      secret: opts.secret,
      cookie: { cookieName: ACCESS_COOKIE, signed: false },
      sign: { algorithm: 'HS256' },
      verify: { algorithms: ['HS256'], maxAge: `${opts.settings.accessTtlSeconds}s` },
    });

    const service = new AuthService(
      opts.db,
      (payload, ttl) => app.jwt.sign(payload, { expiresIn: ttl }),
      opts.settings,
      opts.cache ?? null,
    );
    app.decorate('auth', service);

    app.decorateRequest('memberSnapshot', null);
    app.decorate('authenticate', async (request: FastifyRequest): Promise<AuthMember> => {
      if (request.member) return request.member;
      let sub: unknown;
      let sid: unknown;
      try {
        ({ sub, sid } = await request.jwtVerify<{ sub?: unknown; sid?: unknown }>());
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (NO_TOKEN.has(code))
          throw new AppError({ code: ErrorCode.authRequired, status: 401, message: 'Sign in to continue' });
        throw new AppError({
          code: ErrorCode.authInvalidToken,
          status: 401,
          message: code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'Your session has expired' : 'Invalid access token',
        });
      }
      if (typeof sub !== 'string' || !isUuid(sub)) throw invalidToken();
      // Tokens from before sessions were named carry no sid: they end like any ended session.
      if (typeof sid !== 'string' || !isUuid(sid)) throw sessionEnded();
      const member = await memberForRequest(opts.db, sub, sid);
      if (!member) throw invalidToken();
      if (member.status !== 'active') throw suspendedError(401);
      if (!member.sessionAlive) throw sessionEnded();
      const { sessionAlive: _alive, ...snapshot } = member;
      request.memberSnapshot = snapshot;
      request.member = { id: member.id, email: member.email, name: member.name, roles: member.roles };
      return request.member;
    });

    app.decorate('setSessionCookies', (reply: FastifyReply, session: Session) => {
      const base = { httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };
      reply.setCookie(ACCESS_COOKIE, session.accessToken, { ...base, path: '/', maxAge: session.accessExpiresIn });
      reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
        ...base,
        path: REFRESH_COOKIE_PATH,
        expires: session.refreshExpiresAt,
      });
      reply.setCookie(SESSION_HINT_COOKIE, '1', {
        httpOnly: false,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
        expires: session.refreshExpiresAt,
      });
    });
    app.decorate('clearSessionCookies', (reply: FastifyReply) => {
      const base = { httpOnly: true, sameSite: 'lax' as const, secure: opts.secureCookies };
      reply.clearCookie(ACCESS_COOKIE, { ...base, path: '/' });
      reply.clearCookie(REFRESH_COOKIE, { ...base, path: REFRESH_COOKIE_PATH });
      reply.clearCookie(SESSION_HINT_COOKIE, {
        httpOnly: false,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
      });
    });
  },
  { name: 'auth' },
);
