import { ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';
import { Codes } from '@/shared/lib/codes';
import { api, isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { useDebounced } from '@/shared/composables/useDebounced';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useNewAccount } from '@/features/auth';

export type CodeStatus = 'idle' | 'checking' | 'valid' | 'invalid';

const CODE_MESSAGES: Record<string, string> = {
  [Codes.joinCodeInvalid]: 'We do not recognise this join code. Check it for typos.',
  [Codes.joinCodeExpired]: 'This join code has expired. Ask the program team for a new one.',
  [Codes.joinCodeExhausted]:
    'This join code has been used as many times as allowed. Ask the program team for a new one.',
};

function codeMessage(err: unknown): string | null {
  if (!isApiError(err)) return null;
  return CODE_MESSAGES[err.code] ?? (err.status === 404 ? CODE_MESSAGES[Codes.joinCodeInvalid]! : null);
}

/** Self sign-up with an event or group join code. */
export function useJoinSignup(initialCode: string) {
  const code = ref(initialCode.trim());
  const codeStatus = ref<CodeStatus>('idle');
  const codeLabel = ref<string | null>(null);

  const email = ref('');
  const account = useNewAccount(email);
  const { name, password, confirm, submitting } = account;
  /** The email already has an account: the page suggests signing in. */
  const emailTaken = ref(false);
  const errors = useFormErrors(['code', 'email', 'name', 'password', 'confirm'] as const);

  let checkSeq = 0;
  async function checkCode(): Promise<boolean> {
    const value = code.value.trim();
    const seq = ++checkSeq;
    codeLabel.value = null;
    errors.setField('code', null);
    if (!value) {
      codeStatus.value = 'idle';
      return false;
    }
    codeStatus.value = 'checking';
    try {
      const res = await api.get<{ joinCode: { code: string; label: string } }>('/api/auth/join-codes', { code: value });
      if (seq !== checkSeq) return false;
      codeStatus.value = 'valid';
      codeLabel.value = res.joinCode.label;
      return true;
    } catch (err) {
      if (seq !== checkSeq) return false;
      const message = codeMessage(err);
      codeStatus.value = message ? 'invalid' : 'idle';
      errors.setField('code', message ?? errorMessage(err, 'We could not check this code right now.'));
      return false;
    }
  }

  const checkCodeSoon = useDebounced(() => void checkCode(), 400);

  function onCodeInput(): void {
    codeStatus.value = 'idle';
    codeLabel.value = null;
    checkCodeSoon();
  }

  async function submit(): Promise<MeMember | null> {
    errors.clear();
    emailTaken.value = false;
    const problems: Record<string, string> = {};
    if (!code.value.trim()) problems.code = 'Enter your join code.';
    else if (codeStatus.value === 'invalid') problems.code = 'This join code cannot be used.';
    if (!/^\S+@\S+\.\S+$/.test(email.value.trim())) problems.email = 'Enter a valid email address.';
    Object.assign(problems, account.problems());
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    try {
      return await account.create('/api/auth/join', { code: code.value.trim(), email: email.value.trim() });
    } catch (err) {
      const message = codeMessage(err);
      if (message) {
        codeStatus.value = 'invalid';
        errors.setFields({ code: message });
      } else if (isApiError(err, Codes.emailTaken)) {
        emailTaken.value = true;
        errors.setFields(
          { email: 'An account with this email already exists.' },
          'An account with this email already exists. Sign in instead.',
        );
      } else {
        errors.fromError(err);
      }
      return null;
    }
  }

  return {
    code,
    codeStatus,
    codeLabel,
    email,
    name,
    password,
    confirm,
    submitting,
    emailTaken,
    errors,
    checkCode,
    onCodeInput,
    submit,
  };
}
