import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  ApiKeyResponse,
  ApiKeysResponse,
  CreateApiKeyBody,
  CreatedApiKeyResponse,
  IdParams,
} from '@advocate-hub/shared';
import type { IntegrationsService } from './integrations.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError };

export async function integrationsRoutes(app: FastifyInstance, opts: { service: IntegrationsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const tags = ['admin: integrations'];
  r.get(
    '/api/admin/api-keys',
    {
      schema: {
        tags,
        summary: 'API keys of integrations (never their secrets)',
        response: { 200: ApiKeysResponse, ...errors },
      },
    },
    async () => s.list(),
  );
  r.post(
    '/api/admin/api-keys',
    {
      schema: {
        tags,
        summary: 'Create a scoped API key: its secret is in this answer only (stored hashed)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeyResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await s.create(request.member!.id, request.body.name, request.body.scopes, request.ip)),
  );
  r.delete(
    '/api/admin/api-keys/:id',
    { schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 200: ApiKeyResponse, ...errors } } },
    async (request) => s.revoke(request.member!.id, request.params.id, request.ip),
  );
}
