import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ApiError,
  BadgeAwardBody,
  BadgeHoldersResponse,
  BadgePreviewBody,
  BadgePreviewResponse,
  BadgeResponse,
  BadgesResponse,
  CreateBadgeBody,
  CreateBadgeResponse,
  IdParams,
  MyBadgesResponse,
  Ok,
  UpdateBadgeBody,
} from '@advocate-hub/shared';
import type { BadgesService } from './badges.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };

export async function badgesRoutes(app: FastifyInstance, opts: { service: BadgesService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.get(
    '/api/me/badges',
    {
      schema: { tags: ['me'], summary: 'Every badge with my progress', response: { 200: MyBadgesResponse, ...errors } },
    },
    async (request) => ({ badges: await s.mine(request.member!.id) }),
  );
  r.get(
    '/api/admin/badges',
    { schema: { tags: ['admin: badges'], response: { 200: BadgesResponse, ...errors } } },
    async () => ({
      badges: await s.list(),
    }),
  );
  r.post(
    '/api/admin/badges/preview',
    {
      schema: {
        tags: ['admin: badges'],
        summary: 'How many members a rule would award now',
        body: BadgePreviewBody,
        response: { 200: BadgePreviewResponse, ...errors },
      },
    },
    async (request) => ({ qualifying: await s.preview(request.body.rule) }),
  );
  r.post(
    '/api/admin/badges',
    {
      schema: {
        tags: ['admin: badges'],
        summary: 'Create a badge; backfills it to members who already qualify',
        body: CreateBadgeBody,
        response: { 201: CreateBadgeResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.create(request.member!.id, request.body, request.ip)),
  );
  r.patch(
    '/api/admin/badges/:id',
    {
      schema: {
        tags: ['admin: badges'],
        params: IdParams,
        body: UpdateBadgeBody,
        response: { 200: BadgeResponse, ...errors },
      },
    },
    async (request) => ({ badge: await s.update(request.member!.id, request.params.id, request.body, request.ip) }),
  );
  r.get(
    '/api/admin/badges/:id/holders',
    {
      schema: { tags: ['admin: badges'], params: IdParams, response: { 200: BadgeHoldersResponse, ...errors } },
    },
    async (request) => ({ holders: await s.holders(request.params.id) }),
  );
  r.post(
    '/api/admin/badges/:id/awards',
    {
      schema: {
        tags: ['admin: badges'],
        summary: 'Award a badge by hand, with a reason',
        params: IdParams,
        body: BadgeAwardBody,
        response: { 201: Ok, ...errors },
      },
    },
    async (request, reply) => {
      await s.award(request.member!.id, request.params.id, request.body.memberId, request.body.reason, request.ip);
      return reply.status(201).send({ ok: true as const });
    },
  );
  r.post(
    '/api/admin/badges/:id/revoke',
    {
      schema: {
        tags: ['admin: badges'],
        summary: 'Revoke a badge, with a reason',
        params: IdParams,
        body: BadgeAwardBody,
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      await s.revoke(request.member!.id, request.params.id, request.body.memberId, request.body.reason, request.ip);
      return { ok: true as const };
    },
  );
}
