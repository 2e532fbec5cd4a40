import { ref } from 'vue';
import { InviteBody, type Role } from '@advocate-hub/shared';
import { invitesApi, type InviteResult } from '@/features/invites';
import { useFormErrors } from '@/shared/composables/useFormErrors';

export interface InvitePrefill {
  email: string;
  name?: string | null;
  roles?: Role[];
}

/** The "Invite member" form and the link it produces. */
export function useMemberInvite() {
  const email = ref('');
  const name = ref('');
  const roles = ref<Role[]>(['advocate']);
  /** Email the link too (else only show it to copy). */
  const sendEmail = ref(true);
  const submitting = ref(false);
  const result = ref<InviteResult | null>(null);
  const errors = useFormErrors(['email', 'name', 'roles'] as const);

  function reset(prefill?: InvitePrefill | null): void {
    email.value = prefill?.email ?? '';
    name.value = prefill?.name ?? '';
    roles.value = prefill?.roles?.length ? [...prefill.roles] : ['advocate'];
    sendEmail.value = true;
    result.value = null;
    errors.clear();
  }

  async function submit(): Promise<InviteResult | null> {
    errors.clear();
    const parsed = InviteBody.safeParse({
      email: email.value,
      name: name.value.trim() || undefined,
      roles: roles.value,
      sendEmail: sendEmail.value,
    });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      if (errors.fieldErrors.value.roles) errors.setField('roles', 'Choose at least one role.');
      return null;
    }
    submitting.value = true;
    try {
      result.value = await invitesApi.invite(parsed.data);
      return result.value;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { email, name, roles, sendEmail, submitting, result, errors, reset, submit };
}
