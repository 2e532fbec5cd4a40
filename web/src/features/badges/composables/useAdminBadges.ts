import { computed, ref, shallowRef } from 'vue';
import type { AdminChallenge } from '@advocate-hub/shared';
import { adminChallengesApi } from '@/features/challenges';
import { levelsApi, type Level } from '@/features/levels';
import { badgesApi, type Badge } from '../api';
import { ruleText, type RuleNames } from '../lib/badges';
import { errorMessage } from '@/shared/lib/errors';

export type BadgeFilter = 'active' | 'archived';

/** What a rule can point at: the program's challenges and levels, for pickers and plain words. */
export function useRuleTargets() {
  const challenges = shallowRef<AdminChallenge[]>([]);
  const levels = shallowRef<Level[]>([]);
  const error = ref<string | null>(null);

  const names: RuleNames = {
    challengeTitle: (id) => challenges.value.find((c) => c.id === id)?.title ?? null,
    levelName: (rank) => levels.value.find((l) => l.rank === rank)?.name ?? null,
  };

  async function load(): Promise<void> {
    error.value = null;
    const [c, l] = await Promise.allSettled([adminChallengesApi.challenges({}), levelsApi.levels()]);
    if (c.status === 'fulfilled') challenges.value = c.value.challenges;
    if (l.status === 'fulfilled') levels.value = [...l.value.levels].sort((a, b) => a.rank - b.rank);
    const failed = [c, l].find((r) => r.status === 'rejected');
    if (failed) error.value = errorMessage(failed.reason, 'Could not load the challenges and levels.');
  }

  return { challenges, levels, names, error, load };
}

export type RuleTargets = ReturnType<typeof useRuleTargets>;

/** The program's badges, newest first, split into active and archived. */
export function useAdminBadges(targets: RuleTargets) {
  const badges = ref<Badge[]>([]);
  const filter = ref<BadgeFilter>('active');
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const counts = computed(() => {
    const archived = badges.value.filter((b) => b.archived).length;
    return { active: badges.value.length - archived, archived };
  });
  const shown = computed(() => badges.value.filter((b) => b.archived === (filter.value === 'archived')));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [list] = await Promise.all([badgesApi.list(), targets.load()]);
      badges.value = list.badges;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the badges.');
    } finally {
      loading.value = false;
    }
  }

  function upsert(badge: Badge): void {
    const i = badges.value.findIndex((b) => b.id === badge.id);
    if (i >= 0) badges.value.splice(i, 1, badge);
    else badges.value.unshift(badge);
  }

  /** Moves the holder count by `delta` after an award or a revoke. */
  function addHolders(id: string, delta: number): void {
    const badge = badges.value.find((b) => b.id === id);
    if (badge) upsert({ ...badge, holders: Math.max(0, badge.holders + delta) });
  }

  function describe(badge: Badge): string {
    return ruleText(badge.rule, targets.names);
  }

  return { badges: shown, filter, counts, loading, loaded, error, load, upsert, addHolders, describe };
}

/** Archive or restore one badge from the list. */
export function useBadgeArchive(onDone: (badge: Badge) => void, onError: (message: string) => void) {
  const busyId = ref<string | null>(null);

  async function setArchived(badge: Badge, archived: boolean): Promise<void> {
    busyId.value = badge.id;
    try {
      onDone((await badgesApi.update(badge.id, { archived })).badge);
    } catch (err) {
      onError(errorMessage(err, archived ? 'Could not archive the badge.' : 'Could not restore the badge.'));
    } finally {
      busyId.value = null;
    }
  }

  return { busyId, setArchived };
}
