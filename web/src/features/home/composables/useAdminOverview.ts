import { ref } from 'vue';
import type { AdminOverview } from '@advocate-hub/shared';
import { auditApi, type AuditEntry } from '@/features/audit';
import { api } from '@/shared/api/client';
import { errorMessage } from '@/shared/lib/errors';

/** The admin home's numbers (GET /api/admin/overview, one read) and the latest activity. */
export function useAdminOverview() {
  const overview = ref<AdminOverview | null>(null);
  const latest = ref<AuditEntry | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [read, audit] = await Promise.all([
        api.get<{ overview: AdminOverview }>('/api/admin/overview'),
        auditApi.audit({ limit: 1 }),
      ]);
      overview.value = read.overview;
      latest.value = audit.entries[0] ?? null;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the program overview.');
    } finally {
      loading.value = false;
    }
  }

  return { overview, latest, loading, error, load };
}

export interface Trend {
  /** “up”, “down” or “flat” against last week at the same moment. */
  direction: 'up' | 'down' | 'flat';
  /** “+3 vs last week”, “−12% vs last week”, “same as last week”. */
  text: string;
}

/** This week against the same stretch of last week: a percentage when last week had some, else the difference. */
export function weekTrend(thisWeek: number, lastWeek: number): Trend {
  if (thisWeek === lastWeek) return { direction: 'flat', text: 'same as last week' };
  const direction = thisWeek > lastWeek ? 'up' : 'down';
  const sign = direction === 'up' ? '+' : '−';
  if (lastWeek === 0)
    return { direction, text: `${sign}${Math.abs(thisWeek - lastWeek).toLocaleString('en-US')} vs last week` };
  const pct = Math.round((Math.abs(thisWeek - lastWeek) / lastWeek) * 100);
  return { direction, text: `${sign}${pct}% vs last week` };
}
