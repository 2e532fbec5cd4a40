import { ref } from 'vue';
import type { AdminChallenge } from '@advocate-hub/shared';
import { adminChallengesApi } from '../api';
import { levelsApi, type Level } from '@/features/levels';
import { useAudienceOptions } from '@/features/segments';
import type { ChallengeDraft } from '../lib/challengeEditor';
import { STAGE_KIND_LIST, stageKind } from '../stages';

/**
 * What the challenge editor's pickers offer: other challenges and levels to require first, and
 * the groups and segments to target (with the audience checks).
 */
export function useChallengeOptions(draft: ChallengeDraft) {
  const otherChallenges = ref<AdminChallenge[]>([]);
  const levels = ref<Level[]>([]);
  const audience = useAudienceOptions();
  const { groups, groupsError, loadGroups, loadSegments } = audience;

  /** Challenges to require first, levels to require, groups and segments to target: best effort, the form works without them. */
  async function loadOptions(): Promise<void> {
    const [challenges, lv] = await Promise.allSettled([
      adminChallengesApi.challenges({}),
      levelsApi.levels(),
      loadGroups(),
      loadSegments(),
    ]);
    if (challenges.status === 'fulfilled') otherChallenges.value = challenges.value.challenges;
    if (lv.status === 'fulfilled') levels.value = [...lv.value.levels].sort((a, b) => a.rank - b.rank);
  }

  /** Reload the groups and segments, then forget picks of ones that are gone (the stages' groups too). */
  async function dropUnknownTargets(): Promise<void> {
    await audience.prune(draft);
    if (groupsError.value) return;
    const known = { groupIds: new Set(groups.value.map((g) => g.id)) };
    for (const stage of draft.stages) {
      for (const kind of STAGE_KIND_LIST) stageKind(kind).dropUnknown?.(stage.config[kind], known);
    }
  }

  return { ...audience, otherChallenges, levels, loadOptions, dropUnknownTargets };
}
