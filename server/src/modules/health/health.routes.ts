import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HealthQuery, HealthResponse } from '@advocate-hub/shared';
import type { Database } from '../../db/client.js';

export async function healthRoutes(
  app: FastifyInstance,
  opts: { database: Database; embedded: boolean; version: string; sockets?: () => number },
) {
  const started = Date.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let loopSince = Date.now();
  app.addHook('onClose', async () => loop.disable());
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary:
          'Liveness, database reachability and writability (503 `degraded` when the database is down, read-only, or writes failed for lack of space)',
        querystring: HealthQuery,
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (request, reply) => {
      const t0 = performance.now();
      let ok = true;
      let readOnly = false;
      try {
        // A standby after fail-over, or default_transaction_read_only, shows here before any write fails.
        const probe = opts.database.db.execute<{ read_only: string }>(
          sql`select current_setting('transaction_read_only') as read_only`,
        );
        const r = await Promise.race([
          probe,
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
        ]);
        readOnly = r.rows[0]?.read_only === 'on';
      } catch {
        ok = false;
      }
      const writable = ok && !readOnly && !opts.database.writes.failing;
      const body = {
        status: ok && writable ? ('ok' as const) : ('degraded' as const),
        database: {
          ok,
          writable,
          latencyMs: ok ? Math.round((performance.now() - t0) * 100) / 100 : null,
          embedded: opts.embedded,
        },
        version: opts.version,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        eventLoop: {
          p99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
          maxMs: Math.round(loop.max / 1e4) / 100,
          sinceSeconds: Math.round((Date.now() - loopSince) / 100) / 10,
        },
        sockets: opts.sockets?.() ?? 0,
      };
      if (request.query.eventLoop === 'reset') {
        loop.reset();
        loopSince = Date.now();
      }
      return reply.status(body.status === 'ok' ? 200 : 503).send(body);
    },
  );
}
