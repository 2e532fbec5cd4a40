import type { z } from 'zod';
import type { Level as LevelSchema } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** Derived in type positions only, so the first chunk stays free of zod. */
export type Level = z.infer<typeof LevelSchema>;

export interface LevelInput {
  name: string;
  threshold: number;
  description?: string | null;
  privileges?: string[];
}

/** The admin's levels. */
export const levelsApi = {
  levels() {
    return api.get<{ levels: Level[] }>('/api/admin/levels');
  },
  createLevel(body: LevelInput) {
    return api.post<{ level: Level }>('/api/admin/levels', body);
  },
  updateLevel(id: string, body: Partial<LevelInput>) {
    return api.patch<{ level: Level }>(`/api/admin/levels/${id}`, body);
  },
  deleteLevel(id: string) {
    return api.delete<{ ok: true }>(`/api/admin/levels/${id}`);
  },
};
