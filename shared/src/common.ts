import { z } from 'zod';
import { keysetCursor, timeCursor } from './cursors.js';

export const IdParams = z.object({ id: z.uuid() });
export const Ok = z.object({ ok: z.literal(true) });

const limit = z.coerce.number().int().min(1).max(200).default(50);
/** A page of a list ordered by creation time and id. */
export const PageQuery = z.object({ limit, cursor: keysetCursor.optional() });
export type PageQuery = z.infer<typeof PageQuery>;
/** A page of a list ordered by time alone (notifications). */
export const TimePageQuery = z.object({ limit, cursor: timeCursor.optional() });

/** ISO-8601 timestamp as sent over the wire. */
export const Timestamp = z.string().describe('ISO-8601 timestamp');
