import { ref } from 'vue';
import { SuspendBody, type AdminMember, type Role } from '@advocate-hub/shared';
import { membersApi } from '../api';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** Change a member's roles. */
export function useMemberRolesForm() {
  const roles = ref<Role[]>([]);
  const saving = ref(false);
  const errors = useFormErrors(['roles'] as const);

  function reset(member: AdminMember | null): void {
    roles.value = member ? [...member.roles] : [];
    errors.clear();
  }

  async function save(member: AdminMember): Promise<AdminMember | null> {
    errors.clear();
    if (roles.value.length === 0) {
      errors.setFields({ roles: 'Choose at least one role.' });
      return null;
    }
    saving.value = true;
    try {
      const { member: updated } = await membersApi.setRoles(member.id, roles.value);
      return updated;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { roles, saving, errors, reset, save };
}

/** Suspend a member, with the reason kept in the activity log. */
export function useMemberSuspendForm() {
  const reason = ref('');
  const saving = ref(false);
  const errors = useFormErrors(['reason'] as const);

  function reset(): void {
    reason.value = '';
    errors.clear();
  }

  async function save(member: AdminMember): Promise<AdminMember | null> {
    errors.clear();
    const parsed = SuspendBody.safeParse({ reason: reason.value });
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return null;
    }
    saving.value = true;
    try {
      const { member: updated } = await membersApi.suspend(member.id, parsed.data.reason);
      return updated;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { reason, saving, errors, reset, save };
}
