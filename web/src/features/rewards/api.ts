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
  RedeemBody,
  Redemption,
  RewardView,
} from '@advocate-hub/shared';
import { api, withQuery } from '@/shared/api/client';

/** A page of GET /api/me/redemptions, newest first. */
export interface MyRedemptionsPage {
  redemptions: Redemption[];
  nextCursor: string | null;
}

/** The advocate's reward calls: the catalog, redeeming, and their own redemptions. */
export const rewardsApi = {
  list(signal?: AbortSignal) {
    return api.get<{ rewards: RewardView[]; balance: number }>('/api/rewards', undefined, { signal });
  },
  get(id: string, signal?: AbortSignal) {
    return api.get<{ reward: RewardView; balance: number }>(`/api/rewards/${encodeURIComponent(id)}`, undefined, {
      signal,
    });
  },
  /** One redemption; `idempotencyKey` is reused when the same confirmation is sent again. */
  redeem(id: string, body: RedeemBody, idempotencyKey: string) {
    return api.post<{ redemption: Redemption; balance: number }>(
      `/api/rewards/${encodeURIComponent(id)}/redemptions`,
      body,
      { headers: { 'Idempotency-Key': idempotencyKey } },
    );
  },
  mine(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<MyRedemptionsPage>('/api/me/redemptions', params, { signal });
  },
  cancel(id: string) {
    return api.post<{ redemption: Redemption }>(`/api/me/redemptions/${encodeURIComponent(id)}/cancel`, {});
  },
};

/** Response and body types shared exports only as zod schemas, derived in type positions (no zod at run time). */
export type RewardInput = z.input<typeof CreateRewardBodySchema>;
export type RewardChanges = z.input<typeof UpdateRewardBodySchema>;
export type UploadCodesResult = z.infer<typeof UploadCodesResponseSchema>;
export type AdminRedemptionsPage = z.infer<typeof AdminRedemptionsResponseSchema>;
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
    return api.get<AdminRedemptionsPage>(
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
