import { computed, type Ref } from 'vue';
import { passwordProblemText, passwordProblems, type PasswordProblem } from '@advocate-hub/shared/password';

export interface PasswordRule {
  id: PasswordProblem;
  text: string;
  ok: boolean;
}

/** The shared password policy, evaluated live while the member types. */
export function usePasswordRules(password: Ref<string>, email: Ref<string | null | undefined>) {
  const problems = computed(() => passwordProblems(password.value, email.value));

  const rules = computed<PasswordRule[]>(() => {
    const shown: PasswordProblem[] = ['too_short', 'is_email'];
    if (problems.value.includes('too_long')) shown.splice(1, 0, 'too_long');
    return shown.map((id) => ({
      id,
      text: passwordProblemText[id],
      ok: password.value.length > 0 && !problems.value.includes(id),
    }));
  });

  const valid = computed(() => problems.value.length === 0);
  /** First problem as a sentence, for the error shown on submit. */
  const firstProblem = computed(() => {
    const p = problems.value[0];
    return p ? passwordProblemText[p] : null;
  });

  return { problems, rules, valid, firstProblem };
}
