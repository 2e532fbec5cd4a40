import { z } from 'zod';
import { serialCursor } from '../cursors.js';
import { Timestamp } from '../common.js';

export const AuditEntry = z.object({
  id: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable().describe('What the action was done to, by name (its title, its name)'),
  subjectName: z.string().nullable().describe('For a completion, a redemption or a post: the member it belongs to'),
  summary: z.string().describe('The entry as one readable sentence'),
  data: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});
export const AuditQuery = z.object({
  targetId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: serialCursor.optional(),
});
export const AuditResponse = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
