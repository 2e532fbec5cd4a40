import { ref } from 'vue';
import { isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { uuidV4 } from '@/shared/lib/uuid';
import { emptyProspect, prospectBody, prospectProblems } from '../lib/referrals';

/**
 * A prospect form ("Refer someone", a personal link's landing page): its draft, the checks before
 * sending, the server's field errors, and one Idempotency-Key per referral meant (kept across
 * retries of the same draft, renewed after a success).
 */
export function useProspectForm<T>(
  send: (body: ReturnType<typeof prospectBody>, idempotencyKey: string) => Promise<T>,
  onDone: (result: T) => void,
) {
  const draft = ref(emptyProspect());
  const errors = ref<Record<string, string>>({});
  const failure = ref<string | null>(null);
  const busy = ref(false);
  let key = uuidV4();

  async function submit(): Promise<void> {
    errors.value = prospectProblems(draft.value);
    failure.value = null;
    if (Object.keys(errors.value).length) return;
    busy.value = true;
    try {
      const result = await send(prospectBody(draft.value), key);
      key = uuidV4();
      draft.value = emptyProspect();
      onDone(result);
    } catch (e) {
      if (isApiError(e) && e.isValidation) errors.value = e.fieldErrors;
      else failure.value = errorMessage(e, 'Could not send the details.');
    } finally {
      busy.value = false;
    }
  }

  return { draft, errors, failure, busy, submit };
}
