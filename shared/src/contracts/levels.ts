import { z } from 'zod';

export const Level = z.object({
  id: z.uuid(),
  name: z.string(),
  rank: z.number().int(),
  threshold: z.number().int(),
  description: z.string().nullable(),
  privileges: z.array(z.string()),
  memberCount: z.number().int(),
});
export const LevelsResponse = z.object({ levels: z.array(Level) });
export const LevelBody = z.object({
  name: z.string().trim().min(1).max(60),
  threshold: z.number().int().min(0).max(100_000_000),
  description: z.string().trim().max(500).nullable().optional(),
  privileges: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
});
export const LevelResponse = z.object({ level: Level });
