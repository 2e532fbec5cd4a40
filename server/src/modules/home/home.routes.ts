import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, HomeResponse } from '@advocate-hub/shared';
import type { HomeService } from './home.service.js';

export async function homeRoutes(app: FastifyInstance, opts: { service: HomeService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/me/home',
    {
      schema: {
        tags: ['me'],
        summary:
          'My home dashboard: what to do next, my standing, level, affordable rewards, streak and the community feed',
        description:
          'One read. "next" holds up to 3 challenges I can act on now, best first (those that take me to the next level ' +
          'or expire soon, then the smallest gap to the next level). Staff may read it ("view as advocate").',
        response: { 200: HomeResponse, 401: ApiError, 403: ApiError },
      },
    },
    async (request) => opts.service.home(request.member!),
  );
}
