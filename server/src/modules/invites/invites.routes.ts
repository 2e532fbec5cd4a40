import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AcceptInviteBody,
  ApiError,
  BulkInviteBody,
  BulkInviteResponse,
  IdParams,
  OpenInvitesQuery,
  OpenInvitesResponse,
  InviteBody,
  InviteLookupParams,
  InviteLookupResponse,
  InviteResponse,
  LoginResponse,
} from '@advocate-hub/shared';
import { requestContext } from '../auth/auth.plugin.js';
import type { InvitesService } from './invites.service.js';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 410: ApiError };

export async function invitesRoutes(app: FastifyInstance, opts: { service: InvitesService; joinPerMinute: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = opts.service;

  r.post(
    '/api/admin/invites',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Invite a member by email; returns a single-use link to share',
        body: InviteBody,
        response: { 201: InviteResponse, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await s.invite(request.member!.id, request.body, request.ip)),
  );

  r.post(
    '/api/admin/invites/bulk',
    {
      bodyLimit: 1024 * 1024,
      schema: {
        tags: ['admin: members'],
        summary: 'Invite up to 500 addresses at once; each new invite is emailed. Per-row results',
        body: BulkInviteBody,
        response: { 200: BulkInviteResponse, ...errors },
      },
    },
    async (request) => s.inviteMany(request.member!.id, request.body, request.ip),
  );

  r.post(
    '/api/admin/invites/:id/resend',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Email an open invite again with a new link (the old one stops working)',
        params: IdParams,
        response: { 200: InviteResponse, ...errors },
      },
    },
    async (request) => s.resend(request.member!.id, request.params.id, request.ip),
  );

  r.get(
    '/api/admin/invites',
    {
      schema: {
        tags: ['admin: members'],
        summary: 'Invites not accepted yet, newest first',
        querystring: OpenInvitesQuery,
        response: { 200: OpenInvitesResponse, ...errors },
      },
    },
    async (request) => s.listOpen(request.query),
  );

  r.get(
    '/api/auth/invites/:token',
    {
      config: { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Check an invite link before accepting it',
        params: InviteLookupParams,
        response: { 200: InviteLookupResponse, ...errors },
      },
    },
    async (request) => ({ invite: await s.lookup(request.params.token) }),
  );

  r.post(
    '/api/auth/invites/accept',
    {
      config: { rateLimit: { max: opts.joinPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Accept an invite: set name and password, sign in',
        body: AcceptInviteBody,
        response: { 201: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const memberId = await s.accept(request.body, request.ip);
      const session = await app.auth.startSession(memberId, requestContext(request));
      app.setSessionCookies(reply, session);
      return reply.status(201).send({ member: await app.auth.me(memberId) });
    },
  );
}
