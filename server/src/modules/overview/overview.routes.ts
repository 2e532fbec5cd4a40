import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AdminOverviewResponse, ApiError } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';
import { overviewRepo } from './overview.repo.js';

export async function overviewRoutes(
  app: FastifyInstance,
  opts: { db: Db; timezone: string; clock?: (() => Date) | undefined },
) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/admin/overview',
    {
      schema: {
        tags: ['admin: program'],
        summary: 'The program at a glance: this week against last week, and what waits for the team',
        description:
          'Weeks start on Monday in the program time zone; `lastWeek` counts last week up to the same moment of the week.',
        response: { 200: AdminOverviewResponse, 401: ApiError, 403: ApiError },
      },
    },
    async () => ({ overview: await overviewRepo.read(opts.db, opts.timezone, opts.clock?.() ?? new Date()) }),
  );
}
