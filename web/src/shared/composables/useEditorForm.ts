import { computed, ref } from 'vue';
import { ApiRequestError } from '../api/client';
import { friendlyMessage } from '../lib/validation';
import { errorMessage } from '../lib/errors';

/** Loading one record into an editor: busy, failed (`loadError`) or not there (`notFound`). */
export function useEditorLoad() {
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const notFound = ref(false);

  function clear(): void {
    notFound.value = false;
    loadError.value = null;
  }

  /** Run `fetch`; an error `isNotFound` accepts means “not found”, any other shows `failure`. */
  async function run(
    fetch: () => Promise<void>,
    isNotFound: (err: unknown) => boolean,
    failure: string,
  ): Promise<void> {
    loading.value = true;
    clear();
    try {
      await fetch();
    } catch (err) {
      if (isNotFound(err)) notFound.value = true;
      else loadError.value = errorMessage(err, failure);
    } finally {
      loading.value = false;
    }
  }

  return { loading, loadError, notFound, clear, run };
}

/**
 * The errors of a form whose fields are named by path (`stages.0.title`, as the server's 400 names
 * them): one message per path, the summary above the form, and both as a list (`describe` names
 * a path for people).
 */
export function usePathErrors(describe: (path: string) => string) {
  const errors = ref<Record<string, string>>({});
  const formError = ref<string | null>(null);
  const errorList = computed(() =>
    Object.entries(errors.value).map(([path, message]) => ({ path, label: describe(path), message })),
  );

  function clearErrors(): void {
    errors.value = {};
    formError.value = null;
  }

  function error(path: string): string | undefined {
    return errors.value[path];
  }

  function show(fields: Record<string, string>, summary: string): void {
    errors.value = fields;
    formError.value = summary;
  }

  /** Show what the checks before sending found; true when they found nothing. */
  function passes(found: Record<string, string>): boolean {
    if (Object.keys(found).length === 0) return true;
    show(found, 'Please fix the fields marked below.');
    return false;
  }

  /** A 400 naming fields: show them with `notSaved` (“The reward was not saved.”); false for any other error. */
  function showValidation(err: unknown, notSaved: string): boolean {
    if (!(err instanceof ApiRequestError && err.isValidation && Object.keys(err.fieldErrors).length > 0)) return false;
    const next: Record<string, string> = {};
    for (const [path, message] of Object.entries(err.fieldErrors)) next[path] = friendlyMessage(message);
    show(next, `${notSaved} Please fix the fields marked below.`);
    return true;
  }

  return { errors, formError, errorList, clearErrors, error, show, passes, showValidation };
}
