import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, AuditQuery, AuditResponse } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { auditRepo } from './audit.repo.js';
import { auditSentence } from './audit.sentences.js';

export async function auditRoutes(app: FastifyInstance, opts: { db: Db }) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin: program'],
        summary: 'Audit log of admin and moderator actions, newest first',
        querystring: AuditQuery,
        response: { 200: AuditResponse, 400: ApiError, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => {
      const { rows, nextCursor } = await auditRepo.list(opts.db, request.query);
      return {
        entries: rows.map(({ relatedName: _related, ...r }) => ({
          ...r,
          id: String(r.id),
          summary: auditSentence({ ...r, relatedName: _related }),
          createdAt: r.createdAt.toISOString(),
        })),
        nextCursor,
      };
    },
  );
}
