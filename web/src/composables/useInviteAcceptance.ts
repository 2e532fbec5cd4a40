import { ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';
import { Codes } from '@/lib/codes';
import { api, isApiError } from '@/api/client';
import { errorMessage } from '@/lib/errors';
import { useSessionStore } from '@/stores/session';
import { useFormErrors } from './useFormErrors';
import { usePasswordRules } from './usePasswordRules';

export interface InviteDetails {
  email: string;
  name: string | null;
  expiresAt: string;
}

export type InviteState = 'loading' | 'ready' | 'invalid' | 'expired' | 'used' | 'error';

function stateFor(err: unknown): InviteState | null {
  if (isApiError(err, Codes.inviteInvalid) || (isApiError(err) && err.status === 404)) return 'invalid';
  if (isApiError(err, Codes.inviteExpired)) return 'expired';
  if (isApiError(err, Codes.inviteUsed)) return 'used';
  return null;
}

/** Look up an invitation by its token and turn it into an account. */
export function useInviteAcceptance(token: () => string) {
  const session = useSessionStore();
  const state = ref<InviteState>('loading');
  const loadError = ref<string | null>(null);
  const invite = ref<InviteDetails | null>(null);

  const name = ref('');
  const password = ref('');
  const confirm = ref('');
  const submitting = ref(false);
  const errors = useFormErrors(['name', 'password', 'confirm'] as const);
  const email = ref<string | null>(null);
  const { valid: passwordValid, firstProblem } = usePasswordRules(password, email);

  async function load(): Promise<void> {
    state.value = 'loading';
    loadError.value = null;
    try {
      const res = await api.get<{ invite: InviteDetails }>(`/api/auth/invites/${encodeURIComponent(token())}`);
      invite.value = res.invite;
      email.value = res.invite.email;
      if (!name.value) name.value = res.invite.name ?? '';
      state.value = 'ready';
    } catch (err) {
      const s = stateFor(err);
      state.value = s ?? 'error';
      if (!s) loadError.value = errorMessage(err, 'We could not check this invitation.');
    }
  }

  async function submit(): Promise<MeMember | null> {
    errors.clear();
    const problems: Record<string, string> = {};
    if (!name.value.trim()) problems.name = 'Enter your name.';
    if (!passwordValid.value) problems.password = firstProblem.value ?? 'Choose a stronger password.';
    if (!confirm.value) problems.confirm = 'Type your password again.';
    else if (confirm.value !== password.value) problems.confirm = 'The passwords do not match.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    submitting.value = true;
    try {
      const { member } = await api.post<{ member: MeMember }>('/api/auth/invites/accept', {
        token: token(),
        name: name.value.trim(),
        password: password.value,
      });
      session.setMember(member);
      return member;
    } catch (err) {
      const s = stateFor(err);
      if (s) state.value = s;
      else errors.fromError(err);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { state, loadError, invite, name, password, confirm, submitting, errors, load, submit };
}
