import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  ChangeEmailBody,
  ChangeEmailResponse,
  ConfirmEmailBody,
  ConfirmEmailResponse,
  ForgotPasswordBody,
  ForgotPasswordResponse,
  Ok,
  ResetPasswordBody,
} from '@advocate-hub/shared';
import { FORGOT_ANSWER, type AccountService } from './account.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 429: ApiError };

export interface AccountRateLimits {
  /** Per-IP caps of the public account routes. */
  forgotPerMinute: number;
  resetPerMinute: number;
  emailChangePerMinute: number;
}
export const DEFAULT_ACCOUNT_RATE_LIMITS: AccountRateLimits = {
  forgotPerMinute: 30,
  resetPerMinute: 60,
  emailChangePerMinute: 20,
};

export async function accountRoutes(
  app: FastifyInstance,
  opts: { service: AccountService; limits: AccountRateLimits; background: (work: Promise<unknown>) => void },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.post(
    '/api/auth/password/forgot',
    {
      config: { rateLimit: { max: opts.limits.forgotPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Email a password-reset link; the same answer whether or not the account exists',
        body: ForgotPasswordBody,
        response: { 202: ForgotPasswordResponse, ...errors },
      },
    },
    async (request, reply) => {
      // Answered before any lookup: neither the answer nor its timing says whether the account exists.
      opts.background(s.forgot(request.body.email, request.ip));
      return reply.status(202).send(FORGOT_ANSWER);
    },
  );

  r.post(
    '/api/auth/password/reset',
    {
      config: { rateLimit: { max: opts.limits.resetPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with a reset link; every session of the account ends',
        body: ResetPasswordBody,
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      await s.reset(request.body, request.ip);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/me/email',
    {
      config: { rateLimit: { max: opts.limits.emailChangePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['me'],
        summary: 'Change my email address: a confirmation link goes to the new one',
        body: ChangeEmailBody,
        response: { 202: ChangeEmailResponse, ...errors },
      },
    },
    async (request, reply) => {
      const pendingEmail = await s.requestEmailChange(request.member!.id, request.body, request.ip);
      return reply.status(202).send({ ok: true as const, pendingEmail });
    },
  );

  r.post(
    '/api/auth/email/confirm',
    {
      config: { rateLimit: { max: opts.limits.resetPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Confirm a new email address with the link sent to it',
        body: ConfirmEmailBody,
        response: { 200: ConfirmEmailResponse, ...errors },
      },
    },
    async (request) => ({ ok: true as const, email: await s.confirmEmailChange(request.body.token, request.ip) }),
  );
}
