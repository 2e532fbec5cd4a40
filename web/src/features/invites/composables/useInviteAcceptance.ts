import { ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';
import { Codes } from '@/shared/lib/codes';
import { api, isApiError } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useNewAccount } from '@/features/auth';

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
  const state = ref<InviteState>('loading');
  const loadError = ref<string | null>(null);
  const invite = ref<InviteDetails | null>(null);

  const errors = useFormErrors(['name', 'password', 'confirm'] as const);
  const email = ref<string | null>(null);
  const account = useNewAccount(email);
  const { name, password, confirm, submitting } = account;

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
    const problems = account.problems();
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    try {
      return await account.create('/api/auth/invites/accept', { token: token() });
    } catch (err) {
      const s = stateFor(err);
      if (s) state.value = s;
      else errors.fromError(err);
      return null;
    }
  }

  return { state, loadError, invite, name, password, confirm, submitting, errors, load, submit };
}
