import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiError,
  EventBody,
  EventHeaders,
  EventResponse,
  EventsLogQuery,
  EventsLogResponse,
  IntegrationErrorCode,
} from '@advocate-hub/shared';
import { AppError } from '../../platform/errors.js';
import type { IntegrationsService } from '../integrations/integrations.service.js';
import { presentedKey } from '../integrations/integrations.service.js';
import type { EventsService } from './events.service.js';

const errors = {
  400: ApiError,
  401: ApiError,
  403: ApiError,
  404: ApiError,
  409: ApiError,
  422: ApiError,
  429: ApiError,
};

/** Requests per minute one API key may send to `POST /api/events`. */
export const DEFAULT_EVENTS_PER_MINUTE = 600;

/** The rate-limit bucket of a request: its API key's public prefix (else its address). */
function keyBucket(request: FastifyRequest): string {
  const key = presentedKey(request);
  const m = key ? /^ahk_([0-9a-f]{12})_/.exec(key) : null;
  return m ? `events:${m[1]}` : `events-ip:${request.ip}`;
}

export async function eventsRoutes(
  app: FastifyInstance,
  opts: { service: EventsService; integrations: IntegrationsService; perMinute?: number },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;
  r.post(
    '/api/events',
    {
      onRequest: opts.integrations.guard('events:write'),
      config: {
        rateLimit: {
          max: opts.perMinute ?? DEFAULT_EVENTS_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: keyBucket,
        },
      },
      schema: {
        tags: ['integrations'],
        security: [{ apiKey: [] }, { bearer: [] }],
        summary:
          'Award points or complete a stage for a member (API key with `events:write`; an Idempotency-Key is required: a replay answers 200 with the first answer)',
        headers: EventHeaders.extend({ 'x-api-key': z.string().max(200).optional() }),
        body: EventBody,
        response: { 200: EventResponse, 201: EventResponse, ...errors },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (!key)
        throw new AppError({
          code: IntegrationErrorCode.idempotencyKeyRequired,
          status: 400,
          message: 'Send an Idempotency-Key header: one key per event',
          details: { fields: { 'idempotency-key': 'Required' } },
        });
      const apiKey = request.apiKey!;
      const out = await s.apply(
        { source: 'api', keyScope: apiKey.id, apiKeyId: apiKey.id, apiKeyName: apiKey.name, createdBy: null },
        request.body,
        key,
      );
      return reply.status(out.replay ? 200 : 201).send({ event: out.event });
    },
  );
  r.get(
    '/api/admin/events',
    {
      schema: {
        tags: ['admin: integrations'],
        summary: 'The log of events received by API or imported, newest first',
        querystring: EventsLogQuery,
        response: { 200: EventsLogResponse, ...errors },
      },
    },
    async (request) => s.log(request.query),
  );
}
