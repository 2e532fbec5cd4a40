import type {
  AdminChallenge,
  ChallengeStatus,
  ChallengeView,
  CompletionResult,
  CreateChallengeBody,
  UpdateChallengeBody,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

/** The advocate's challenge calls. */
export const challengesApi = {
  list(signal?: AbortSignal) {
    return api.get<{ challenges: ChallengeView[] }>('/api/challenges', undefined, { signal });
  },
  get(id: string, signal?: AbortSignal) {
    return api.get<{ challenge: ChallengeView }>(`/api/challenges/${encodeURIComponent(id)}`, undefined, { signal });
  },
  /** One submission of one stage; `idempotencyKey` is reused when the same submission is retried. */
  complete(id: string, body: { stageId: string; response: Record<string, unknown> }, idempotencyKey: string) {
    return api.post<{ completion: CompletionResult }>(`/api/challenges/${encodeURIComponent(id)}/completions`, body, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  },
};

/** The admin's challenge authoring. */
export const adminChallengesApi = {
  challenges(filter: { status?: ChallengeStatus | null; q?: string }, signal?: AbortSignal) {
    return api.get<{ challenges: AdminChallenge[] }>(
      '/api/admin/challenges',
      { status: filter.status, q: filter.q?.trim() },
      { signal },
    );
  },
  challenge(id: string, signal?: AbortSignal) {
    return api.get<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}`, undefined, { signal });
  },
  createChallenge(body: CreateChallengeBody) {
    return api.post<{ challenge: AdminChallenge }>('/api/admin/challenges', body);
  },
  updateChallenge(id: string, body: UpdateChallengeBody) {
    return api.patch<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}`, body);
  },
  publishChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/publish`, {});
  },
  archiveChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/archive`, {});
  },
  duplicateChallenge(id: string) {
    return api.post<{ challenge: AdminChallenge }>(`/api/admin/challenges/${id}/duplicate`, {});
  },
};
