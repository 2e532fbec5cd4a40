import { ref } from 'vue';
import type { CompletionResult, Stage } from '@advocate-hub/shared';
import { challengesApi } from '../api';
import { ApiRequestError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { uuidV4 } from '@/shared/lib/uuid';
import { useSessionStore } from '@/features/auth';

export interface StageOutcome {
  stage: Stage;
  result: CompletionResult;
}

/** The request may or may not have reached the server: retrying must reuse its key. */
function mayRetry(err: unknown): boolean {
  return err instanceof ApiRequestError && (err.status === 0 || err.status >= 500);
}

/**
 * Send one stage of a challenge. Every new submission gets a fresh Idempotency-Key; sending the
 * same answer again after a network error or a 5xx reuses it, so the server answers the first
 * request instead of awarding twice. After any answer from the server the challenge and the
 * member (points, level, badges in the header) are refreshed.
 */
export function useStageSubmit(challengeId: () => string, refresh: () => Promise<unknown>) {
  const session = useSessionStore();
  const submitting = ref(false);
  const error = ref<string | null>(null);
  const errorCode = ref<string | null>(null);
  const outcome = ref<StageOutcome | null>(null);

  let pending: { fingerprint: string; key: string } | null = null;

  async function submit(stage: Stage, response: Record<string, unknown>): Promise<StageOutcome | null> {
    if (submitting.value) return null;
    const fingerprint = JSON.stringify([challengeId(), stage.id, response]);
    if (pending?.fingerprint !== fingerprint) pending = { fingerprint, key: uuidV4() };
    submitting.value = true;
    error.value = null;
    errorCode.value = null;
    outcome.value = null;
    let answered: StageOutcome | null = null;
    try {
      const { completion } = await challengesApi.complete(challengeId(), { stageId: stage.id, response }, pending.key);
      pending = null;
      answered = { stage, result: completion };
    } catch (err) {
      if (!mayRetry(err)) pending = null;
      error.value = errorMessage(err, 'Could not send your answer. Please try again.');
      errorCode.value = err instanceof ApiRequestError ? err.code : null;
    } finally {
      // Whatever the server answered, show where the member now stands (the next step, the
      // points in the header) before the result, so the two appear together.
      if (pending === null) await Promise.allSettled([refresh(), session.fetchMe()]);
      submitting.value = false;
    }
    outcome.value = answered;
    return answered;
  }

  function dismiss(): void {
    outcome.value = null;
  }

  function clearError(): void {
    error.value = null;
    errorCode.value = null;
  }

  return { submitting, error, errorCode, outcome, submit, dismiss, clearError };
}
