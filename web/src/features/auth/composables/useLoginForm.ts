import { ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';
import { Codes } from '@/shared/lib/codes';
import { useSessionStore } from '../store';
import { useFormErrors } from '@/shared/composables/useFormErrors';

const WARNING_CODES: string[] = [Codes.authTooManyFailures, Codes.rateLimited, Codes.authSuspended];

export function useLoginForm() {
  const session = useSessionStore();
  const email = ref('');
  const password = ref('');
  const submitting = ref(false);
  /** `warn` for throttling and suspension (the credentials may be fine), `error` otherwise. */
  const severity = ref<'error' | 'warn'>('error');
  const errors = useFormErrors(['email', 'password'] as const);

  async function submit(): Promise<MeMember | null> {
    errors.clear();
    severity.value = 'error';
    const problems: Record<string, string> = {};
    const address = email.value.trim();
    if (!address) problems.email = 'Enter your email address.';
    else if (!/^\S+@\S+\.\S+$/.test(address)) problems.email = 'Enter a valid email address.';
    if (!password.value) problems.password = 'Enter your password.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    submitting.value = true;
    try {
      return await session.login(address, password.value);
    } catch (err) {
      const apiError = errors.fromError(err);
      if (apiError && WARNING_CODES.includes(apiError.code)) severity.value = 'warn';
      if (apiError?.code === Codes.authInvalidCredentials) password.value = '';
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { email, password, submitting, severity, errors, submit };
}
