import { computed, ref, type Ref } from 'vue';
import type { z } from 'zod';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { errorMessage } from '@/shared/lib/errors';

/**
 * A form over one saved record (a profile, the settings): loaded, edited as a draft, checked by
 * the contract's schema, saved, and started again from what the server kept. Dirty when the body
 * the draft would send differs from the saved one's.
 */
export function useSavedForm<T, D, S extends z.ZodType, F extends string>(opts: {
  fields: readonly F[];
  schema: S;
  fetch: () => Promise<T>;
  send: (body: z.output<S>) => Promise<T>;
  toDraft: (saved: T) => D;
  toBody: (draft: D) => unknown;
  failure: string;
}) {
  const saved = ref<T | null>(null) as Ref<T | null>;
  const draft = ref<D | null>(null) as Ref<D | null>;
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(opts.fields);

  function reset(): void {
    if (saved.value) draft.value = opts.toDraft(saved.value);
    errors.clear();
  }

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      saved.value = await opts.fetch();
      reset();
    } catch (err) {
      loadError.value = errorMessage(err, opts.failure);
    }
  }

  const dirty = computed(
    () =>
      !!draft.value &&
      !!saved.value &&
      JSON.stringify(opts.toBody(draft.value)) !== JSON.stringify(opts.toBody(opts.toDraft(saved.value))),
  );

  async function save(): Promise<T | null> {
    if (!draft.value) return null;
    errors.clear();
    const parsed = opts.schema.safeParse(opts.toBody(draft.value));
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return null;
    }
    saving.value = true;
    try {
      saved.value = await opts.send(parsed.data);
      reset();
      return saved.value;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { saved, draft, loadError, saving, errors, dirty, load, reset, save };
}

/** One action behind a button: busy while it runs, its failure shown as a message. */
export function useAttempt() {
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function attempt(fn: () => Promise<void>, failure = 'Could not send your answer.'): Promise<void> {
    error.value = null;
    busy.value = true;
    try {
      await fn();
    } catch (err) {
      error.value = errorMessage(err, failure);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, attempt };
}
