import { computed, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import type { AdminRedemption, AdminReward, RedemptionDecision, RedemptionStatus } from '@advocate-hub/shared';
import { adminRewardsApi, type RedemptionsFilter } from '../api';
import { isApiError } from '@/shared/api/client';
import { REDEMPTION_TABS, RewardCodes, decisionsFor, type RedemptionTab } from '../lib/rewardsAdmin';
import { useCursorList } from '@/shared/composables/useCursorList';
import { useDebounced } from '@/shared/composables/useDebounced';
import { useQueryTab } from '@/shared/composables/useQueryTab';

export interface BulkOutcome {
  decision: RedemptionDecision;
  done: number;
  failed: number;
}

type Counts = Record<RedemptionStatus, number>;

function routeString(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/**
 * The redemption queue: one status tab at a time (kept in `?status=`, like the reward filter in
 * `?reward=`), a search, pages by cursor, the counts of every status, decisions on one redemption
 * and on a selection, where each one succeeds or fails on its own.
 */
export function useRedemptionQueue(pageSize = 50) {
  const route = useRoute();
  const router = useRouter();

  const tab = useQueryTab<RedemptionTab>(REDEMPTION_TABS, 'requested', 'status');
  const rewardId = computed<string | null>({
    get: () => routeString(route.query.reward),
    set: (value) => void router.replace({ query: { ...route.query, reward: value ?? undefined } }),
  });
  const q = ref(routeString(route.query.q) ?? '');

  const counts = ref<Counts | null>(null);
  const busyId = ref<string | null>(null);
  const rewards = ref<AdminReward[]>([]);
  /** Selected redemption ids (only ones a decision can still apply to). */
  const selected = ref<Set<string>>(new Set());
  /** Why a decision on a redemption failed, by id, until the next decision or reload. */
  const failures = ref<Map<string, string>>(new Map());

  const filter = computed<RedemptionsFilter>(() => ({
    status: tab.value === 'all' ? null : tab.value,
    rewardId: rewardId.value,
    q: q.value,
  }));
  const list = useCursorList<AdminRedemption>(
    async (cursor) => {
      const page = await adminRewardsApi.redemptions({ ...filter.value, limit: pageSize, cursor });
      counts.value = page.counts;
      return { items: page.redemptions, nextCursor: page.nextCursor };
    },
    { load: 'Could not load the redemptions.', more: 'Could not load more redemptions.' },
  );
  const { items: redemptions, nextCursor, loaded, loading, loadingMore, error, loadMore } = list;

  const exportUrl = computed(() => adminRewardsApi.exportUrl(filter.value));
  const selectable = computed(() => redemptions.value.filter((r) => decisionsFor(r).length > 0));
  const selection = computed(() => redemptions.value.filter((r) => selected.value.has(r.id)));
  const allSelected = computed(
    () => selectable.value.length > 0 && selectable.value.every((r) => selected.value.has(r.id)),
  );

  /** The first page again; the selection keeps only what is still shown. */
  async function load(): Promise<void> {
    await list.reload();
    const present = new Set(redemptions.value.map((r) => r.id));
    selected.value = new Set([...selected.value].filter((id) => present.has(id)));
  }

  /** The rewards for the filter: best effort, the queue works without the list. */
  async function loadRewards(): Promise<void> {
    try {
      rewards.value = [...(await adminRewardsApi.list({})).rewards].sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      rewards.value = [];
    }
  }

  function toggle(id: string, on: boolean): void {
    const next = new Set(selected.value);
    if (on) next.add(id);
    else next.delete(id);
    selected.value = next;
  }

  function toggleAll(on: boolean): void {
    selected.value = on ? new Set(selectable.value.map((r) => r.id)) : new Set();
  }

  function setFailure(id: string, message: string | null): void {
    const next = new Map(failures.value);
    if (message === null) next.delete(id);
    else next.set(id, message);
    failures.value = next;
  }

  /** Put the changed redemption in its place, or take it out when the tab no longer shows its status. */
  function place(changed: AdminRedemption, before: RedemptionStatus): void {
    const c = counts.value;
    if (c && before !== changed.status) {
      counts.value = { ...c, [before]: Math.max(0, c[before] - 1), [changed.status]: c[changed.status] + 1 };
    }
    const stays = tab.value === 'all' || tab.value === changed.status;
    redemptions.value = stays
      ? redemptions.value.map((r) => (r.id === changed.id ? changed : r))
      : redemptions.value.filter((r) => r.id !== changed.id);
    list.afterLocalChange();
    if (!stays || decisionsFor(changed).length === 0) toggle(changed.id, false);
  }

  /** One decision on one redemption; throws the API error (the caller shows it). */
  async function decide(item: AdminRedemption, decision: RedemptionDecision, note?: string): Promise<AdminRedemption> {
    busyId.value = item.id;
    setFailure(item.id, null);
    try {
      const { redemption } = await adminRewardsApi.decide(item.id, decision, note?.trim() || undefined);
      place(redemption, item.status);
      return redemption;
    } catch (err) {
      // Someone else decided first: show what it is now.
      if (isApiError(err, RewardCodes.badTransition)) void load();
      throw err;
    } finally {
      busyId.value = null;
    }
  }

  /** One decision on every selected redemption; failures stay selected, each with its reason. */
  async function decideSelected(decision: RedemptionDecision, note?: string): Promise<BulkOutcome> {
    const ids = [...selected.value];
    const { results } = await adminRewardsApi.bulk(ids, decision, note?.trim() || undefined);
    const next = new Map(failures.value);
    for (const r of results) {
      if (r.ok) next.delete(r.id);
      else next.set(r.id, r.error?.message ?? 'Not changed.');
    }
    failures.value = next;
    selected.value = new Set(results.filter((r) => !r.ok).map((r) => r.id));
    await load();
    const failed = results.filter((r) => !r.ok).length;
    return { decision, done: results.length - failed, failed };
  }

  const reloadSoon = useDebounced(() => void load(), 300);
  watch(q, (value) => {
    void router.replace({ query: { ...route.query, q: value.trim() || undefined } });
    reloadSoon();
  });
  watch([tab, rewardId], () => {
    reloadSoon.cancel();
    redemptions.value = [];
    loaded.value = false;
    selected.value = new Set();
    failures.value = new Map();
    void load();
  });

  return {
    tab,
    rewardId,
    q,
    redemptions,
    nextCursor,
    counts,
    loading,
    loaded,
    loadingMore,
    error,
    busyId,
    rewards,
    selected,
    selection,
    selectable,
    allSelected,
    failures,
    exportUrl,
    load,
    loadMore,
    loadRewards,
    toggle,
    toggleAll,
    decide,
    decideSelected,
  };
}
