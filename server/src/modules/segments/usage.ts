/**
 * What still refers to a group, a level or a segment. Deleting one of those while something names it
 * would silently change who sees a challenge or reward (an "only for" list naming nothing hides it
 * from everyone), so deletes are refused with this list instead.
 */
import type { Executor } from '../../db/client.js';
import { challengesRepo } from '../challenges/challenges.repo.js';
import { stageGroupIdKeys } from '../challenges/stages/index.js';
import { rewardsRepo } from '../rewards/rewards.repo.js';
import { ruleReferences } from './segments.rules.js';
import { segmentsRepo } from './segments.repo.js';

export interface Usage {
  challenges: { id: string; title: string }[];
  rewards: { id: string; name: string }[];
  segments: { id: string; name: string }[];
}

export const usageCount = (u: Usage) => u.challenges.length + u.rewards.length + u.segments.length;

/** Plain words for an error message: "2 challenges and 1 segment". */
export function usageText(u: Usage): string {
  const part = (n: number, one: string) => (n ? `${n} ${one}${n === 1 ? '' : 's'}` : null);
  const parts = [
    part(u.challenges.length, 'challenge'),
    part(u.rewards.length, 'reward'),
    part(u.segments.length, 'segment'),
  ];
  const named = parts.filter((p): p is string => p !== null);
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : (named[0] ?? 'nothing');
}

export async function groupUsage(ex: Executor, groupId: string): Promise<Usage> {
  // One after the other: `ex` may be a transaction, whose one client runs one query at a time.
  const challenges = await challengesRepo.referencingGroup(ex, groupId, stageGroupIdKeys);
  const rewards = await rewardsRepo.referencing(ex, groupId);
  const segments = await segmentsRepo.list(ex);
  return {
    challenges,
    rewards,
    segments: segments
      .filter((s) => ruleReferences(s.rule).groupIds.includes(groupId))
      .map((s) => ({ id: s.id, name: s.name })),
  };
}

export async function levelUsage(ex: Executor, levelId: string): Promise<Usage> {
  const segments = await segmentsRepo.list(ex);
  return {
    challenges: [],
    rewards: [],
    segments: segments
      .filter((s) => ruleReferences(s.rule).levelIds.includes(levelId))
      .map((s) => ({ id: s.id, name: s.name })),
  };
}
