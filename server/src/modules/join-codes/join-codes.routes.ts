import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  CreateJoinCodeBody,
  IdParams,
  JoinBody,
  JoinCodeLookupQuery,
  JoinCodeLookupResponse,
  JoinCodeResponse,
  JoinCodesResponse,
  LoginResponse,
  UpdateJoinCodeBody,
} from '@advocate-hub/shared';
import { requestContext } from '../auth/auth.plugin.js';
import type { JoinCodesService } from './join-codes.service.js';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  410: ApiError,
  429: ApiError,
};

export async function joinCodesRoutes(
  app: FastifyInstance,
  opts: { service: JoinCodesService; joinPerMinute: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/admin/join-codes',
    { schema: { tags: ['admin: members'], response: { 200: JoinCodesResponse, ...errors } } },
    async () => ({ joinCodes: await s.list() }),
  );
  r.post(
    '/api/admin/join-codes',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Create a join code for self sign-up (events, groups)',
        body: CreateJoinCodeBody,
        response: { 201: JoinCodeResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ joinCode: await s.create(request.member!.id, request.body, request.ip) }),
  );
  r.patch(
    '/api/admin/join-codes/:id',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Disable or re-enable a join code',
        params: IdParams,
        body: UpdateJoinCodeBody,
        response: { 200: JoinCodeResponse, ...errors },
      },
    },
    async (request) => ({
      joinCode: await s.setDisabled(request.member!.id, request.params.id, request.body.disabled, request.ip),
    }),
  );

  r.get(
    '/api/auth/join-codes',
    {
      config: { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Check a join code',
        querystring: JoinCodeLookupQuery,
        response: { 200: JoinCodeLookupResponse, ...errors },
      },
    },
    async (request) => ({ joinCode: await s.lookup(request.query.code) }),
  );

  r.post(
    '/api/auth/join',
    {
      config: { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Self sign-up with a join code; signs in',
        body: JoinBody,
        response: { 201: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const memberId = await s.join(request.body, request.ip);
      const session = await app.auth.startSession(memberId, requestContext(request));
      app.setSessionCookies(reply, session);
      return reply.status(201).send({ member: await app.auth.me(memberId) });
    },
  );
}
