import { ref, shallowRef, watch } from 'vue';
import type { AdminReferral, ReferralStage } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { uuidV4 } from '@/shared/lib/uuid';
import { useDebounced } from '@/shared/composables/useDebounced';
import { referralsAdminApi, type ReferralsFilter } from '../api';

/** The admin's pipeline: the filtered list, its counts, and the moves on one referral. */
export function useAdminReferrals() {
  const filter = ref<ReferralsFilter>({ stage: null, held: null, q: '' });
  const rows = shallowRef<AdminReferral[]>([]);
  const counts = ref<Record<string, number>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The row being moved or reviewed (its buttons show a spinner). */
  const busyId = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await referralsAdminApi.list(filter.value);
      rows.value = page.referrals;
      counts.value = page.counts;
    } catch (e) {
      error.value = errorMessage(e, 'Could not load the referrals.');
    } finally {
      loading.value = false;
    }
  }
  const later = useDebounced(() => void load(), 300);
  watch([() => filter.value.stage, () => filter.value.held], () => void load());
  watch(
    () => filter.value.q,
    () => later(),
  );

  function replace(r: AdminReferral): void {
    rows.value = rows.value.map((x) => (x.id === r.id ? r : x));
  }

  async function act<T extends { referral: AdminReferral }>(id: string, run: () => Promise<T>): Promise<T | null> {
    busyId.value = id;
    try {
      const out = await run();
      replace(out.referral);
      return out;
    } catch (e) {
      error.value = errorMessage(e, 'That did not work.');
      return null;
    } finally {
      busyId.value = null;
    }
  }

  const move = (id: string, stage: ReferralStage, amount: number | null) =>
    act(id, () => referralsAdminApi.stage(id, stage, amount, uuidV4()));
  const review = (id: string, decision: 'release' | 'reject') => act(id, () => referralsAdminApi.review(id, decision));

  return { filter, rows, counts, loading, error, busyId, load, move, review };
}
