import { computed, ref } from 'vue';
import { passwordProblems, passwordProblemText } from '@advocate-hub/shared/password';
import { useSessionStore } from '@/features/auth';
import { isApiError } from '@/shared/api/client';
import { Codes } from '@/shared/lib/codes';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { meApi } from '../api';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** Change my password: the current one proves it is me; other sessions end, this one stays. */
export function useChangePassword() {
  const session = useSessionStore();
  const currentPassword = ref('');
  const newPassword = ref('');
  const confirmPassword = ref('');
  const saving = ref(false);
  const done = ref<string | null>(null);
  const errors = useFormErrors(FIELDS);

  const problems = computed(() =>
    newPassword.value ? passwordProblems(newPassword.value, session.me?.email).map((p) => passwordProblemText[p]) : [],
  );

  async function submit(): Promise<void> {
    errors.clear();
    done.value = null;
    const local: Record<string, string> = {};
    if (!currentPassword.value) local.currentPassword = 'Enter your current password.';
    if (!newPassword.value) local.newPassword = 'Enter a new password.';
    else if (problems.value.length) local.newPassword = problems.value.join(' ');
    if (newPassword.value && confirmPassword.value !== newPassword.value)
      local.confirmPassword = 'The two new passwords are not the same.';
    if (Object.keys(local).length) return errors.setFields(local);
    saving.value = true;
    try {
      const r = await meApi.changePassword({ currentPassword: currentPassword.value, newPassword: newPassword.value });
      currentPassword.value = newPassword.value = confirmPassword.value = '';
      done.value =
        r.sessionsEnded > 0
          ? `Your password is changed. You were signed out everywhere else (${r.sessionsEnded} ${r.sessionsEnded === 1 ? 'session' : 'sessions'}).`
          : 'Your password is changed.';
    } catch (err) {
      if (isApiError(err, Codes.wrongPassword))
        errors.setFields({ currentPassword: 'This is not your current password.' });
      else if (isApiError(err, Codes.passwordPolicy)) errors.setFields({ newPassword: err.message });
      else errors.fromError(err);
    } finally {
      saving.value = false;
    }
  }

  return { currentPassword, newPassword, confirmPassword, saving, done, errors, problems, submit };
}
