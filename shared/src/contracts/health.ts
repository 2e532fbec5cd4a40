import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({
    /** The database answers. */
    ok: z.boolean(),
    /** It also accepts writes: not read-only, and no write failed for lack of disk space lately. */
    writable: z.boolean(),
    latencyMs: z.number().nullable(),
    embedded: z.boolean(),
  }),
  version: z.string(),
  uptimeSeconds: z.number(),
  /**
   * How long callbacks waited for the event loop since the last reset (`?eventLoop=reset` reads and
   * resets): a long wait means something held the loop (an operator's and a benchmark's gauge).
   */
  eventLoop: z.object({ p99Ms: z.number(), maxMs: z.number(), sinceSeconds: z.number() }),
  /** Sockets connected to this node. */
  sockets: z.number().int(),
});
export const HealthQuery = z.object({ eventLoop: z.enum(['reset']).optional() });
