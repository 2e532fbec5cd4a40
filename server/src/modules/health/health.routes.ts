import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { HealthResponse } from '@advocate-hub/shared';
import type { Db } from '../../db/client.js';

export async function healthRoutes(app: FastifyInstance, opts: { db: Db; embedded: boolean; version: string }) {
  const started = Date.now();
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database reachability (503 when the database is down)',
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const t0 = performance.now();
      let ok = true;
      try {
        await Promise.race([
          opts.db.execute(sql`select 1`),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
        ]);
      } catch {
        ok = false;
      }
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        database: {
          ok,
          latencyMs: ok ? Math.round((performance.now() - t0) * 100) / 100 : null,
          embedded: opts.embedded,
        },
        version: opts.version,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      };
      return reply.status(ok ? 200 : 503).send(body);
    },
  );
}
