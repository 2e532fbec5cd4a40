import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, NotificationsResponse, TimePageQuery } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { notificationsRepo } from './notifications.repo.js';

export async function notificationsRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me/notifications',
    {
      schema: {
        tags: ['me'],
        querystring: TimePageQuery,
        response: { 200: NotificationsResponse, 400: ApiError, 401: ApiError },
      },
    },
    async (request) => {
      const id = request.member!.id;
      const [{ rows, nextCursor }, unread] = await Promise.all([
        notificationsRepo.list(opts.db, id, request.query.limit, request.query.cursor),
        notificationsRepo.unread(opts.db, id),
      ]);
      return {
        notifications: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          readAt: n.readAt?.toISOString() ?? null,
          createdAt: n.createdAt.toISOString(),
        })),
        unread,
        nextCursor,
      };
    },
  );
  r.post(
    '/api/me/notifications/read',
    {
      schema: {
        tags: ['me'],
        summary: 'Mark notifications read (all when no ids)',
        body: z.object({ ids: z.array(z.uuid()).max(200).optional() }),
        response: { 200: z.object({ unread: z.number().int() }), 400: ApiError, 401: ApiError },
      },
    },
    async (request) => {
      await notificationsRepo.markRead(opts.db, request.member!.id, request.body.ids);
      return { unread: await notificationsRepo.unread(opts.db, request.member!.id) };
    },
  );
}
