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
});
