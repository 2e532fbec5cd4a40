import { z } from 'zod';

export const IdParams = z.object({ id: z.uuid() });
export const Ok = z.object({ ok: z.literal(true) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** ISO-8601 timestamp as sent over the wire. */
export const Timestamp = z.string().describe('ISO-8601 timestamp');
