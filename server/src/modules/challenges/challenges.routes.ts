import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdminChallengeResponse,
  AdminChallengesQuery,
  AdminChallengesResponse,
  ApiError,
  ChallengeResponse,
  ChallengesResponse,
  CompletionBody,
  CompletionResponse,
  CreateChallengeBody,
  IdParams,
  UpdateChallengeBody,
} from '@advocate-hub/shared';
import type { ChallengesAdminService } from './challenges.service.js';
import type { CompletionsService } from '../completions/completions.service.js';
import { IdempotencyHeaders } from '../ledger/ledger.routes.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 422: ApiError };

export async function challengesRoutes(
  app: FastifyInstance,
  opts: { admin: ChallengesAdminService; completions: CompletionsService },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const a = opts.admin;
  const c = opts.completions;

  // Advocates
  r.get(
    '/api/challenges',
    {
      schema: {
        tags: ['challenges'],
        summary: 'Challenges visible to me, recommended first, each with myStatus',
        response: { 200: ChallengesResponse, ...errors },
      },
    },
    async (request) => ({ challenges: await c.feed(request.member!.id, request.memberSnapshot) }),
  );
  r.get(
    '/api/challenges/:id',
    {
      schema: { tags: ['challenges'], params: IdParams, response: { 200: ChallengeResponse, ...errors } },
    },
    async (request) => ({ challenge: await c.one(request.member!.id, request.params.id, request.memberSnapshot) }),
  );
  r.post(
    '/api/challenges/:id/completions',
    {
      schema: {
        tags: ['challenges'],
        summary:
          'Complete a step. Send an Idempotency-Key: a replay returns the first answer. 409 when a cap is reached.',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CompletionBody,
        response: { 200: CompletionResponse, 201: CompletionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const out = await c.submit(
        request.member!.id,
        request.params.id,
        request.body,
        request.headers['idempotency-key'] ?? null,
      );
      return reply.status(out.replay ? 200 : 201).send({ completion: out.result });
    },
  );

  // Admins
  r.get(
    '/api/admin/challenges',
    {
      schema: {
        tags: ['admin: challenges'],
        querystring: AdminChallengesQuery,
        response: { 200: AdminChallengesResponse, ...errors },
      },
    },
    async (request) => ({ challenges: await a.list(request.query) }),
  );
  r.post(
    '/api/admin/challenges',
    {
      schema: {
        tags: ['admin: challenges'],
        body: CreateChallengeBody,
        response: { 201: AdminChallengeResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ challenge: await a.create(request.member!.id, request.body, request.ip) }),
  );
  r.get(
    '/api/admin/challenges/:id',
    {
      schema: { tags: ['admin: challenges'], params: IdParams, response: { 200: AdminChallengeResponse, ...errors } },
    },
    async (request) => ({ challenge: await a.get(request.params.id) }),
  );
  r.patch(
    '/api/admin/challenges/:id',
    {
      schema: {
        tags: ['admin: challenges'],
        params: IdParams,
        body: UpdateChallengeBody,
        response: { 200: AdminChallengeResponse, ...errors },
      },
    },
    async (request) => ({ challenge: await a.update(request.member!.id, request.params.id, request.body, request.ip) }),
  );
  for (const [action, status] of [
    ['publish', 'published'],
    ['archive', 'archived'],
  ] as const) {
    r.post(
      `/api/admin/challenges/:id/${action}`,
      {
        schema: { tags: ['admin: challenges'], params: IdParams, response: { 200: AdminChallengeResponse, ...errors } },
      },
      async (request) => ({ challenge: await a.setStatus(request.member!.id, request.params.id, status, request.ip) }),
    );
  }
  r.post(
    '/api/admin/challenges/:id/duplicate',
    {
      schema: {
        tags: ['admin: challenges'],
        summary: 'Copy a challenge as a new draft (template)',
        params: IdParams,
        response: { 201: AdminChallengeResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ challenge: await a.duplicate(request.member!.id, request.params.id, request.ip) }),
  );
}
