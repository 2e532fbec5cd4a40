import { z } from 'zod';

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), embedded: z.boolean() }),
  version: z.string(),
  uptimeSeconds: z.number(),
});
