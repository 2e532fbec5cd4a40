import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  ChangePasswordBody,
  ChangePasswordResponse,
  LoginBody,
  LoginResponse,
  MeMember,
  Ok,
  TokenBody,
  TokenResponse,
} from '@advocate-hub/shared';
import { REFRESH_COOKIE, requestContext, sessionOf } from './auth.plugin.js';

export interface AuthRateLimits {
  /** Per-IP request caps (generous: a conference hall shares one address). */
  loginPerMinute: number;
  tokenPerMinute: number;
  joinPerMinute: number;
  refreshPerMinute: number;
  /** Password changes per IP (wrong current passwords also count against the account, like sign-ins). */
  passwordPerMinute: number;
}
export const DEFAULT_RATE_LIMITS: AuthRateLimits = {
  loginPerMinute: 600,
  tokenPerMinute: 120,
  joinPerMinute: 300,
  refreshPerMinute: 600,
  passwordPerMinute: 30,
};

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 429: ApiError, 503: ApiError };

export async function authRoutes(app: FastifyInstance, opts: { limits: AuthRateLimits }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: opts.limits.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookies',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { member, session } = await app.auth.login(
        request.body.email,
        request.body.password,
        requestContext(request),
      );
      app.setSessionCookies(reply, session);
      return { member };
    },
  );

  r.post(
    '/api/auth/token',
    {
      config: { rateLimit: { max: opts.limits.tokenPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Bearer access token for API clients',
        body: TokenBody,
        response: { 200: TokenResponse, ...errors },
      },
    },
    async (request) => {
      const t = await app.auth.token(request.body.email, request.body.password, requestContext(request));
      return { accessToken: t.accessToken, tokenType: 'Bearer' as const, expiresIn: t.expiresIn };
    },
  );

  r.post(
    '/api/auth/refresh',
    {
      config: { rateLimit: { max: opts.limits.refreshPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh cookie and issue a new access cookie',
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      try {
        const { member, session } = await app.auth.refresh(request.cookies[REFRESH_COOKIE], requestContext(request));
        app.setSessionCookies(reply, session);
        return { member };
      } catch (err) {
        app.clearSessionCookies(reply);
        throw err;
      }
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'End this session', response: { 200: Ok } },
    },
    async (request, reply) => {
      await app.auth.logout(request.cookies[REFRESH_COOKIE], await sessionOf(request));
      app.clearSessionCookies(reply);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/me',
    {
      schema: { tags: ['me'], summary: 'The signed-in member', response: { 200: MeMember, 401: ApiError } },
    },
    async (request) => {
      await app.auth.touch(request.member!.id, request.memberSnapshot);
      return app.auth.me(request.member!.id, request.memberSnapshot);
    },
  );

  r.post(
    '/api/me/password',
    {
      config: { rateLimit: { max: opts.limits.passwordPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['me'],
        summary: 'Change my password; every other session ends, this one stays signed in',
        description:
          'A wrong current password is 400 `auth.wrong_password` and counts as a failed sign-in of the account ' +
          '(429 `auth.too_many_failures` once too many); a weak new one is 400 `auth.password_policy`.',
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResponse, ...errors },
      },
    },
    async (request) => {
      const { sessionsEnded } = await app.auth.changePassword(
        request.member!.id,
        await sessionOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        requestContext(request),
      );
      return { ok: true as const, sessionsEnded };
    },
  );
}
