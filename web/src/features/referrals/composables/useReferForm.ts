import { ref } from 'vue';
import type { Referral } from '@advocate-hub/shared';
import { isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { uuidV4 } from '@/shared/lib/uuid';
import { referralsApi } from '../api';
import { emptyProspect, prospectBody, prospectProblems } from '../lib/referrals';

/**
 * The "Refer someone" form: its draft, checks before sending, and one Idempotency-Key per
 * referral meant (kept across retries of the same draft, renewed after a success).
 */
export function useReferForm(onDone: (r: Referral) => void) {
  const draft = ref(emptyProspect());
  const campaignId = ref<string | null>(null);
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
      const body = { ...prospectBody(draft.value), ...(campaignId.value ? { campaignId: campaignId.value } : {}) };
      const { referral } = await referralsApi.submit(body, key);
      key = uuidV4();
      draft.value = emptyProspect();
      onDone(referral);
    } catch (e) {
      if (isApiError(e) && e.isValidation) errors.value = e.fieldErrors;
      else failure.value = errorMessage(e, 'Could not send your referral.');
    } finally {
      busy.value = false;
    }
  }

  return { draft, campaignId, errors, failure, busy, submit };
}
