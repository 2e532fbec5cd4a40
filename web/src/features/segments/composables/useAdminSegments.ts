import { computed, ref } from 'vue';
import type { Segment } from '@advocate-hub/shared';
import { levelsApi, type Level } from '@/features/levels';
import { segmentsApi, type SegmentMember } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import type { RuleNames } from '../lib/segments';
import { useGroupOptions } from './useAudienceOptions';

/** The levels and groups conditions point at, by id, for putting a rule in words. Best effort. */
export function useRuleNames() {
  const levels = ref<Level[]>([]);
  const levelsError = ref<string | null>(null);
  const { groups, groupsError, loadGroups } = useGroupOptions();

  const names = computed<RuleNames>(() => ({
    levels: new Map(levels.value.map((l) => [l.id, l.name])),
    groups: new Map(groups.value.map((g) => [g.id, g.name])),
  }));

  async function loadLevels(): Promise<void> {
    levelsError.value = null;
    try {
      levels.value = [...(await levelsApi.levels()).levels].sort((a, b) => a.rank - b.rank);
    } catch (err) {
      levelsError.value = errorMessage(err, 'Could not load the levels.');
    }
  }

  async function loadNames(): Promise<void> {
    await Promise.all([loadLevels(), loadGroups()]);
  }

  return { levels, groups, levelsError, groupsError, names, loadLevels, loadGroups, loadNames };
}

/** The program's segments, by name. */
export function useAdminSegments() {
  const segments = ref<Segment[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const sorted = computed(() => [...segments.value].sort((a, b) => a.name.localeCompare(b.name)));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      segments.value = (await segmentsApi.list()).segments;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the segments.');
    } finally {
      loading.value = false;
    }
  }

  function remove(id: string): void {
    segments.value = segments.value.filter((s) => s.id !== id);
  }

  return { segments: sorted, loading, loaded, error, load, remove };
}

/** The members a saved segment holds now (the first `limit`, by name) and how many in all. */
export function useSegmentMembers(limit = 100) {
  const members = ref<SegmentMember[]>([]);
  const count = ref(0);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function load(id: string): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const page = await segmentsApi.members(id, limit, mine.signal);
      members.value = page.members;
      count.value = page.count;
    } catch (err) {
      if (mine.signal.aborted) return;
      error.value = errorMessage(err, 'Could not load the members of this segment.');
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  function reset(): void {
    controller?.abort();
    controller = null;
    members.value = [];
    count.value = 0;
    loading.value = false;
    error.value = null;
  }

  return { members, count, loading, error, limit, load, reset };
}
