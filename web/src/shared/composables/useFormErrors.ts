import { computed, ref } from 'vue';
import type { z } from 'zod';
import { ApiRequestError } from '../api/client';
import { errorMessage } from '../lib/errors';

/**
 * Field-level and form-level errors of one form, filled from a thrown API error
 * (`validation.failed` → `details.fields`) or from a zod parse of the form values.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const fieldErrors = ref<Partial<Record<F, string>>>({});
  const formError = ref<string | null>(null);

  const hasFieldErrors = computed(() => Object.values(fieldErrors.value).some(Boolean));

  function isField(name: string): name is F {
    return (fields as readonly string[]).includes(name);
  }

  function clear(): void {
    fieldErrors.value = {};
    formError.value = null;
  }

  function setField(name: F, message: string | null): void {
    fieldErrors.value = { ...fieldErrors.value, [name]: message ?? undefined };
  }

  function setFields(messages: Record<string, string>, summary = 'Please fix the fields marked below.'): void {
    const next: Partial<Record<F, string>> = {};
    const other: string[] = [];
    for (const [name, message] of Object.entries(messages)) {
      if (isField(name)) next[name] = message;
      else other.push(message);
    }
    fieldErrors.value = next;
    formError.value = other.length > 0 ? other.join(' ') : summary;
  }

  /** Show a thrown error; returns the ApiRequestError (if it was one) for code-specific handling. */
  function fromError(err: unknown): ApiRequestError | null {
    clear();
    if (err instanceof ApiRequestError && err.isValidation && Object.keys(err.fieldErrors).length > 0) {
      setFields(err.fieldErrors);
    } else {
      formError.value = errorMessage(err);
    }
    return err instanceof ApiRequestError ? err : null;
  }

  /** Show the issues of a failed `safeParse`; first message per field. */
  function fromZod(error: z.ZodError): void {
    const messages: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = String(issue.path[0] ?? '');
      if (!(key in messages)) messages[key] = issue.message;
    }
    setFields(messages);
  }

  return { fieldErrors, formError, hasFieldErrors, clear, setField, setFields, fromError, fromZod };
}
