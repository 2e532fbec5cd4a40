import { ref } from 'vue';
import { CreateJoinCodeBody, type JoinCode } from '@advocate-hub/shared';
import { Codes } from '@/shared/lib/codes';
import { joinCodesApi } from '../api';
import { isApiError } from '@/shared/api/client';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** The "New join code" form. */
export function useJoinCodeForm() {
  const label = ref('');
  const code = ref('');
  const maxUses = ref<number | null>(null);
  const expiresAt = ref<Date | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(['label', 'code', 'maxUses', 'expiresAt'] as const);

  function reset(): void {
    label.value = '';
    code.value = '';
    maxUses.value = null;
    expiresAt.value = null;
    errors.clear();
  }

  async function submit(): Promise<JoinCode | null> {
    errors.clear();
    if (expiresAt.value && expiresAt.value.getTime() <= Date.now()) {
      errors.setFields({ expiresAt: 'Choose a time in the future.' });
      return null;
    }
    const parsed = CreateJoinCodeBody.safeParse({
      label: label.value,
      code: code.value.trim() || undefined,
      maxUses: maxUses.value ?? null,
      expiresAt: expiresAt.value ? expiresAt.value.toISOString() : null,
    });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      if (errors.fieldErrors.value.label && !label.value.trim()) errors.setField('label', 'Give the code a label.');
      return null;
    }
    saving.value = true;
    try {
      const { joinCode } = await joinCodesApi.createJoinCode(parsed.data);
      return joinCode;
    } catch (err) {
      if (isApiError(err, Codes.joinCodeTaken)) {
        errors.setFields({ code: 'That code is already in use. Choose another one or leave it empty.' });
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { label, code, maxUses, expiresAt, saving, errors, reset, submit };
}
