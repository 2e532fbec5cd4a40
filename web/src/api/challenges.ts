import type { ChallengeView, CompletionResult } from '@advocate-hub/shared';
import { api } from './client';

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
