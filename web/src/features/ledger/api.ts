import type { z } from 'zod';
import type { PointEntry as PointEntrySchema } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** Derived in type positions only, so the first chunk stays free of zod. */
export type PointEntry = z.infer<typeof PointEntrySchema>;

/** GET /api/me/points and GET /api/admin/members/:id/points. */
export interface PointsPage {
  entries: PointEntry[];
  nextCursor: string | null;
  balance: number;
  lifetime: number;
}

/** POST …/adjustments and POST /api/admin/completions/:id/reverse. */
export interface LedgerChange {
  entry: PointEntry;
  balance: number;
  lifetime: number;
}

/** Points: my own ledger, a member's ledger and manual adjustments (admin). */
export const ledgerApi = {
  points(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<PointsPage>('/api/me/points', params, { signal });
  },
  adjustPoints(memberId: string, body: { points: number; reason: string }) {
    return api.post<LedgerChange>(`/api/admin/members/${memberId}/adjustments`, body);
  },
  memberPoints(memberId: string, params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<PointsPage>(`/api/admin/members/${memberId}/points`, params, { signal });
  },
};
