import { ref } from 'vue';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/**
 * Sending what a composer wrote (a reply, a new thread): local checks first, then the request;
 * the server's refusals land on their fields (validation) or above the button (rate limit,
 * duplicate post, silenced, locked, staff only: in words from their codes).
 */
export function useComposerSubmit<F extends string>(fields: readonly F[]) {
  const errors = useFormErrors(fields);
  const busy = ref(false);

  async function submit<R>(check: () => Partial<Record<F, string>> | null, send: () => Promise<R>): Promise<R | null> {
    if (busy.value) return null;
    errors.clear();
    const problems = check();
    if (problems && Object.keys(problems).length > 0) {
      errors.setFields(problems as Record<string, string>, '');
      return null;
    }
    busy.value = true;
    try {
      return await send();
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return { busy, formError: errors.formError, fieldErrors: errors.fieldErrors, submit };
}
