import { ref } from 'vue';
import { ErrorCode, LoginBody, type MeMember } from '@advocate-hub/shared';
import { useSessionStore } from '@/stores/session';
import { useFormErrors } from './useFormErrors';

const WARNING_CODES: string[] = [ErrorCode.authTooManyFailures, ErrorCode.rateLimited, ErrorCode.authSuspended];

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
    const parsed = LoginBody.safeParse({ email: email.value, password: password.value });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return null;
    }
    submitting.value = true;
    try {
      return await session.login(parsed.data.email, parsed.data.password);
    } catch (err) {
      const apiError = errors.fromError(err);
      if (apiError && WARNING_CODES.includes(apiError.code)) severity.value = 'warn';
      if (apiError?.code === ErrorCode.authInvalidCredentials) password.value = '';
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { email, password, submitting, severity, errors, submit };
}
