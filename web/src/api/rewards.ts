import type { RedeemBody, Redemption, RewardView } from '@advocate-hub/shared';
import { api } from './client';

/** A page of GET /api/me/redemptions, newest first. */
export interface RedemptionsPage {
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
    return api.get<RedemptionsPage>('/api/me/redemptions', params, { signal });
  },
  cancel(id: string) {
    return api.post<{ redemption: Redemption }>(`/api/me/redemptions/${encodeURIComponent(id)}/cancel`, {});
  },
};
