import { ref, type Ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';
import { api } from '@/shared/api/client';
import { useSessionStore } from '../store';
import { usePasswordRules } from './usePasswordRules';

/**
 * What every new account is made of — a name and a password typed twice — with the checks before
 * sending (`problems`), and `create`, which sends them with the rest of the form and signs in.
 */
export function useNewAccount(email: Ref<string | null | undefined>) {
  const session = useSessionStore();
  const name = ref('');
  const password = ref('');
  const confirm = ref('');
  const submitting = ref(false);
  const { valid: passwordValid, firstProblem } = usePasswordRules(password, email);

  function problems(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!name.value.trim()) found.name = 'Enter your name.';
    if (!passwordValid.value) found.password = firstProblem.value ?? 'Choose a stronger password.';
    if (!confirm.value) found.confirm = 'Type your password again.';
    else if (confirm.value !== password.value) found.confirm = 'The passwords do not match.';
    return found;
  }

  /** Create the account at `path` with `fields` besides the name and password; throws what the server refused. */
  async function create(path: string, fields: Record<string, string>): Promise<MeMember> {
    submitting.value = true;
    try {
      const { member } = await api.post<{ member: MeMember }>(path, {
        ...fields,
        name: name.value.trim(),
        password: password.value,
      });
      session.setMember(member);
      return member;
    } finally {
      submitting.value = false;
    }
  }

  return { name, password, confirm, submitting, problems, create };
}
