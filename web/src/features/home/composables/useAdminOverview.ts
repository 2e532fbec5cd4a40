import { ref } from 'vue';
import { auditApi, type AuditEntry } from '@/features/audit';
import { joinCodesApi } from '@/features/join-codes';
import { membersApi } from '@/features/members';
import { errorMessage } from '@/shared/lib/errors';
import { isPast } from '@/shared/lib/format';

export interface AdminCounts {
  members: number;
  invited: number;
  suspended: number;
  activeJoinCodes: number;
}

/** The few numbers on the admin home: member totals, usable join codes, the latest activity. */
export function useAdminOverview() {
  const counts = ref<AdminCounts | null>(null);
  const latest = ref<AuditEntry | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [all, invited, suspended, codes, audit] = await Promise.all([
        membersApi.members({ limit: 1 }),
        membersApi.members({ status: 'invited', limit: 1 }),
        membersApi.members({ status: 'suspended', limit: 1 }),
        joinCodesApi.joinCodes(),
        auditApi.audit({ limit: 1 }),
      ]);
      counts.value = {
        members: all.total,
        invited: invited.total,
        suspended: suspended.total,
        activeJoinCodes: codes.joinCodes.filter(
          (c) => !c.disabled && !isPast(c.expiresAt) && (c.maxUses === null || c.uses < c.maxUses),
        ).length,
      };
      latest.value = audit.entries[0] ?? null;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the program overview.');
    } finally {
      loading.value = false;
    }
  }

  return { counts, latest, loading, error, load };
}
