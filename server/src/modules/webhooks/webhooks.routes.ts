import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  CreateWebhookBody,
  IdParams,
  UpdateWebhookBody,
  WebhookDeliveriesQuery,
  WebhookDeliveriesResponse,
  WebhookDeliveryParams,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhookSecretResponse,
  WebhooksResponse,
} from '@advocate-hub/shared';
import type { WebhooksService } from './webhooks.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError };

export async function webhooksRoutes(app: FastifyInstance, opts: { service: WebhooksService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  const tags = ['admin: webhooks'];
  r.get(
    '/api/admin/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints (never their secrets)',
        response: { 200: WebhooksResponse, ...errors },
      },
    },
    async () => s.list(),
  );
  r.post(
    '/api/admin/webhooks',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint: its signing secret (`whsec_…`) is in this answer only',
        description:
          'Messages are signed per the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`). A URL whose host is or resolves to a private, loopback or link-local address is refused with 422 `webhooks.target_refused` unless its `host[:port]` is listed in WEBHOOK_ALLOW_HOSTS.',
        body: CreateWebhookBody,
        response: { 201: WebhookSecretResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.create(request.member!.id, request.body, request.ip)),
  );
  r.get(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook endpoint',
        params: IdParams,
        response: { 200: WebhookResponse, ...errors },
      },
    },
    async (request) => s.get(request.params.id),
  );
  r.patch(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change an endpoint’s URL, events or description, or enable/disable it',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookResponse, ...errors },
      },
    },
    async (request) => s.update(request.member!.id, request.params.id, request.body, request.ip),
  );
  r.delete(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint and its delivery log',
        params: IdParams,
        response: { 200: WebhookResponse, ...errors },
      },
    },
    async (request) => s.remove(request.member!.id, request.params.id, request.ip),
  );
  r.post(
    '/api/admin/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'A new signing secret (in this answer only); the previous one keeps signing alongside for 24 hours',
        params: IdParams,
        response: { 200: WebhookSecretResponse, ...errors },
      },
    },
    async (request) => s.rotate(request.member!.id, request.params.id, request.ip),
  );
  r.post(
    '/api/admin/webhooks/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a `webhook.test` event to this endpoint',
        params: IdParams,
        response: { 201: WebhookDeliveryResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.test(request.member!.id, request.params.id, request.ip)),
  );
  r.get(
    '/api/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The endpoint’s deliveries, newest first',
        params: IdParams,
        querystring: WebhookDeliveriesQuery,
        response: { 200: WebhookDeliveriesResponse, ...errors },
      },
    },
    async (request) => s.deliveries(request.params.id, request.query),
  );
  r.post(
    '/api/admin/webhooks/:id/deliveries/:deliveryId/replay',
    {
      schema: {
        tags,
        summary: 'Send a delivered (or failed) message again: a new delivery with the same body and `webhook-id`',
        params: WebhookDeliveryParams,
        response: { 201: WebhookDeliveryResponse, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await s.replay(request.member!.id, request.params.id, request.params.deliveryId, request.ip)),
  );
}
