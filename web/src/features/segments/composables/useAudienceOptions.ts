import { ref, type InjectionKey, type Ref } from 'vue';
import type { Group, Segment } from '@advocate-hub/shared';
import { groupsApi } from '@/features/groups';
import { segmentsApi } from '../api';
import { errorMessage } from '@/shared/lib/errors';

/** The four audience lists of anything targeted at groups and segments. */
export interface AudienceLists {
  includeGroupIds: string[];
  excludeGroupIds: string[];
  includeSegmentIds: string[];
  excludeSegmentIds: string[];
}

/** What the audience fields read from the editor around them (a challenge's or a reward's). */
export interface AudienceHost {
  draft: AudienceLists;
  groups: Ref<Group[]>;
  groupsError: Ref<string | null>;
  segments: Ref<Segment[]>;
  segmentsError: Ref<string | null>;
  loadGroups(): Promise<void>;
  loadSegments(): Promise<void>;
  /** The form's error at a `targeting.*` path, if any. */
  error(path: string): string | undefined;
}
export const AudienceHostKey: InjectionKey<AudienceHost> = Symbol('audience-host');

/** The program's groups for a picker, sorted by name, with the error of the last load. */
export function useGroupOptions() {
  const groups = ref<Group[]>([]);
  const groupsError = ref<string | null>(null);

  async function loadGroups(): Promise<void> {
    groupsError.value = null;
    try {
      groups.value = [...(await groupsApi.groups()).groups].sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      groupsError.value = errorMessage(err, 'Could not load the groups.');
    }
  }

  return { groups, groupsError, loadGroups };
}

/**
 * The groups and segments an audience picker offers, sorted by name, each list with its own
 * error; `prune` forgets picks of groups or segments that no longer exist.
 */
export function useAudienceOptions() {
  const { groups, groupsError, loadGroups } = useGroupOptions();
  const segments = ref<Segment[]>([]);
  const segmentsError = ref<string | null>(null);

  async function loadSegments(): Promise<void> {
    segmentsError.value = null;
    try {
      segments.value = [...(await segmentsApi.list()).segments].sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      segmentsError.value = errorMessage(err, 'Could not load the segments.');
    }
  }

  /** Reload both lists, then drop picks that are gone (a list that failed to load is left alone). */
  async function prune(lists: AudienceLists): Promise<void> {
    await Promise.all([loadGroups(), loadSegments()]);
    if (!groupsError.value) {
      const known = new Set(groups.value.map((g) => g.id));
      lists.includeGroupIds = lists.includeGroupIds.filter((g) => known.has(g));
      lists.excludeGroupIds = lists.excludeGroupIds.filter((g) => known.has(g));
    }
    if (!segmentsError.value) {
      const known = new Set(segments.value.map((s) => s.id));
      lists.includeSegmentIds = lists.includeSegmentIds.filter((s) => known.has(s));
      lists.excludeSegmentIds = lists.excludeSegmentIds.filter((s) => known.has(s));
    }
  }

  /** Problems a person must fix: the same group or segment in an "only for" and a "never for" list. */
  function overlaps(lists: AudienceLists): Partial<Record<'excludeGroupIds' | 'excludeSegmentIds', string>> {
    const out: Partial<Record<'excludeGroupIds' | 'excludeSegmentIds', string>> = {};
    if (lists.includeGroupIds.some((g) => lists.excludeGroupIds.includes(g))) {
      out.excludeGroupIds = 'A group cannot be in both lists. Remove it from one of them.';
    }
    if (lists.includeSegmentIds.some((s) => lists.excludeSegmentIds.includes(s))) {
      out.excludeSegmentIds = 'A segment cannot be in both lists. Remove it from one of them.';
    }
    return out;
  }

  /** What the audience fields read from an editor holding `draft`, with its `targeting.*` errors. */
  function hostFor(draft: AudienceLists, error: (path: string) => string | undefined): AudienceHost {
    return { draft, groups, groupsError, segments, segmentsError, loadGroups, loadSegments, error };
  }

  return { groups, groupsError, segments, segmentsError, loadGroups, loadSegments, prune, overlaps, hostFor };
}
