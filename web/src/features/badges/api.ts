import type { z } from 'zod';
import type { Badge, BadgeHolder as BadgeHolderSchema, BadgeRule } from '@advocate-hub/shared';
import type { BadgeArtChoice as BadgeArt } from '@advocate-hub/shared/badge-art';
import { api } from '@/shared/api/client';

/** One member's grant of a badge (type only: no zod at run time). */
export type BadgeHolder = z.infer<typeof BadgeHolderSchema>;
export type { Badge, BadgeRule };

export interface BadgeInput {
  name: string;
  description: string | null;
  art: BadgeArt | null;
  imageUrl: string | null;
}

/** The admin's badge calls; shapes come from @advocate-hub/shared. */
export const badgesApi = {
  list(signal?: AbortSignal) {
    return api.get<{ badges: Badge[] }>('/api/admin/badges', undefined, { signal });
  },
  preview(rule: BadgeRule, signal?: AbortSignal) {
    return api.post<{ qualifying: number }>('/api/admin/badges/preview', { rule }, { signal });
  },
  create(body: BadgeInput & { rule: BadgeRule }) {
    return api.post<{ badge: Badge; backfilled: number }>('/api/admin/badges', body);
  },
  update(id: string, body: Partial<BadgeInput> & { archived?: boolean }) {
    return api.patch<{ badge: Badge }>(`/api/admin/badges/${id}`, body);
  },
  holders(id: string, signal?: AbortSignal) {
    return api.get<{ holders: BadgeHolder[] }>(`/api/admin/badges/${id}/holders`, undefined, { signal });
  },
  award(id: string, memberId: string, reason: string) {
    return api.post<{ ok: true }>(`/api/admin/badges/${id}/awards`, { memberId, reason });
  },
  revoke(id: string, memberId: string, reason: string) {
    return api.post<{ ok: true }>(`/api/admin/badges/${id}/revoke`, { memberId, reason });
  },
};
