import { ref } from 'vue';
import type { AdminMember } from '@advocate-hub/shared';
import { ledgerApi, type LedgerChange } from '../api';
import { isApiError } from '@/shared/api/client';
import { EngineCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** An admin adds or takes away points by hand, with a reason kept in the ledger. */
export function usePointsAdjustment() {
  const points = ref<number | null>(null);
  const reason = ref('');
  const saving = ref(false);
  const errors = useFormErrors(['points', 'reason'] as const);

  function reset(): void {
    points.value = null;
    reason.value = '';
    errors.clear();
  }

  async function save(member: AdminMember): Promise<LedgerChange | null> {
    errors.clear();
    const problems: Record<string, string> = {};
    if (points.value === null || !Number.isInteger(points.value) || points.value === 0) {
      problems.points = 'Enter a whole number of points other than 0 (negative to take points away).';
    } else if (Math.abs(points.value) > 1_000_000) {
      problems.points = 'Adjust by at most 1,000,000 points at a time.';
    }
    const why = reason.value.trim();
    if (why.length < 3) problems.reason = 'Give a reason of a few words. The member sees it in their points history.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    saving.value = true;
    try {
      const change = await ledgerApi.adjustPoints(member.id, { points: points.value ?? 0, reason: why });
      reset();
      return change;
    } catch (err) {
      if (isApiError(err, EngineCodes.insufficientBalance)) {
        errors.setFields({ points: errorMessage(err) });
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { points, reason, saving, errors, reset, save };
}
