import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdjustmentBody,
  AdjustmentResponse,
  ApiError,
  IdParams,
  PointsQuery,
  PointsResponse,
} from '@advocate-hub/shared';
import type { LedgerService } from './ledger.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError };
export const IdempotencyHeaders = z.object({ 'idempotency-key': z.string().trim().min(1).max(200).optional() });

export async function ledgerRoutes(app: FastifyInstance, opts: { service: LedgerService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/me/points',
    {
      schema: {
        tags: ['me'],
        summary: 'My points history, newest first',
        querystring: PointsQuery,
        response: { 200: PointsResponse, ...errors },
      },
    },
    async (request) => s.history(request.member!.id, request.query.limit, request.query.cursor),
  );

  r.get(
    '/api/admin/members/:id/points',
    {
      schema: {
        tags: ['admin: points'],
        params: IdParams,
        querystring: PointsQuery,
        response: { 200: PointsResponse, ...errors },
      },
    },
    async (request) => s.history(request.params.id, request.query.limit, request.query.cursor),
  );

  r.post(
    '/api/admin/members/:id/adjustments',
    {
      schema: {
        tags: ['admin: points'],
        summary:
          'Add or take points with a reason (audited). Optional Idempotency-Key: sent again for the same member it replays the entry (200); used before for another member it is refused (422 `completions.idempotency_key_reused`)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: AdjustmentBody,
        response: { 200: AdjustmentResponse, 201: AdjustmentResponse, ...errors },
      },
    },
    async (request, reply) => {
      const out = await s.adjust(
        request.member!.id,
        request.params.id,
        request.body.points,
        request.body.reason,
        request.headers['idempotency-key'] ?? null,
        request.ip,
      );
      return reply
        .status(out.replay ? 200 : 201)
        .send({ entry: out.entry, balance: out.balance, lifetime: out.lifetime });
    },
  );
}
