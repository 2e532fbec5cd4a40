import type { z } from 'zod';
import type {
  AdminRedemption,
  AdminRedemptionsResponse as AdminRedemptionsResponseSchema,
  AdminReward,
  BulkRedemptionResponse as BulkRedemptionResponseSchema,
  CreateRewardBody as CreateRewardBodySchema,
  LiabilityResponse,
  RedemptionDecision,
  RedemptionStatus,
  RewardStatus,
  UpdateRewardBody as UpdateRewardBodySchema,
  UploadCodesResponse as UploadCodesResponseSchema,
} from '@advocate-hub/shared';
import { api, withQuery } from './client';

/** Response and body types shared exports only as zod schemas, derived in type positions (no zod at run time). */
export type RewardInput = z.input<typeof CreateRewardBodySchema>;
export type RewardChanges = z.input<typeof UpdateRewardBodySchema>;
export type UploadCodesResult = z.infer<typeof UploadCodesResponseSchema>;
export type RedemptionsPage = z.infer<typeof AdminRedemptionsResponseSchema>;
export type BulkResult = z.infer<typeof BulkRedemptionResponseSchema>['results'][number];

export interface RedemptionsFilter {
  status?: RedemptionStatus | null;
  rewardId?: string | null;
  q?: string;
}

function redemptionQuery(filter: RedemptionsFilter) {
  return { status: filter.status, rewardId: filter.rewardId, q: filter.q?.trim() };
}

/** The admin's reward catalog, code pools, liability and the redemption queue. */
export const adminRewardsApi = {
  list(filter: { status?: RewardStatus | null; q?: string }, signal?: AbortSignal) {
    return api.get<{ rewards: AdminReward[] }>(
      '/api/admin/rewards',
      { status: filter.status, q: filter.q?.trim() },
      { signal },
    );
  },
  get(id: string, signal?: AbortSignal) {
    return api.get<{ reward: AdminReward }>(`/api/admin/rewards/${id}`, undefined, { signal });
  },
  create(body: RewardInput) {
    return api.post<{ reward: AdminReward }>('/api/admin/rewards', body);
  },
  update(id: string, body: RewardChanges) {
    return api.patch<{ reward: AdminReward }>(`/api/admin/rewards/${id}`, body);
  },
  uploadCodes(id: string, csv: string) {
    return api.post<UploadCodesResult>(`/api/admin/rewards/${id}/codes`, { csv });
  },
  liability(signal?: AbortSignal) {
    return api.get<LiabilityResponse>('/api/admin/rewards/liability', undefined, { signal });
  },

  redemptions(filter: RedemptionsFilter & { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<RedemptionsPage>(
      '/api/admin/redemptions',
      { ...redemptionQuery(filter), limit: filter.limit, cursor: filter.cursor },
      { signal },
    );
  },
  decide(id: string, decision: RedemptionDecision, note?: string) {
    return api.post<{ redemption: AdminRedemption }>(
      `/api/admin/redemptions/${id}`,
      note ? { decision, note } : { decision },
    );
  },
  bulk(ids: string[], decision: RedemptionDecision, note?: string) {
    return api.post<{ results: BulkResult[] }>(
      '/api/admin/redemptions/bulk',
      note ? { ids, decision, note } : { ids, decision },
    );
  },
  /** A plain link: the download is authorised by the session cookie. */
  exportUrl(filter: RedemptionsFilter): string {
    return withQuery('/api/admin/redemptions/export', redemptionQuery(filter));
  },
};
