import type { CompletionStatus, ReviewItem } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';
import type { LedgerChange } from '@/features/ledger';

export type ReviewDecision = 'approve' | 'reject' | 'retry';
export type { ReviewItem };

export interface ReviewsPage {
  reviews: ReviewItem[];
  nextCursor: string | null;
  total: number;
}

/** The admin's review queue and reversals of approved submissions. */
export const completionsApi = {
  reviews(params: { status: CompletionStatus; limit?: number; cursor?: string | null }, signal?: AbortSignal) {
    return api.get<ReviewsPage>('/api/admin/reviews', params, { signal });
  },
  decideReview(completionId: string, body: { decision: ReviewDecision; feedback?: string }) {
    return api.post<{ review: ReviewItem }>(`/api/admin/reviews/${completionId}`, body);
  },
  reverseCompletion(completionId: string, reason: string) {
    return api.post<LedgerChange>(`/api/admin/completions/${completionId}/reverse`, { reason });
  },
};
