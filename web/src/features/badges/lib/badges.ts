import type { BadgeRule, EngineErrorCode, StageKind } from '@advocate-hub/shared';
import { formatNumber } from '@/shared/lib/format';

/**
 * Badge rules in plain words and the editor's form model for a rule. Type-only imports from
 * shared (the main chunk stays free of zod); the limits below are the contract's.
 */

/** Codes of the badge endpoints the web switches on (checked against shared's `EngineErrorCode`). */
export const BadgeCodes = {
  badgeNotFound: 'badges.not_found',
  badgeAlreadyHeld: 'badges.already_held',
  badgeNotHeld: 'badges.not_held',
} as const satisfies Partial<typeof EngineErrorCode>;

export type BadgeRuleType = BadgeRule['type'];

export const BADGE_RULE_TYPES = [
  'challenge_done',
  'completions_count',
  'level_reached',
  'weekly_streak',
  'manual',
] as const satisfies readonly BadgeRuleType[];

export const badgeRuleTypeLabel: Record<BadgeRuleType, string> = {
  challenge_done: 'Complete a challenge',
  completions_count: 'A number of completions',
  level_reached: 'Reach a level',
  weekly_streak: 'A weekly streak',
  manual: 'Awarded by hand',
};

export const badgeRuleTypeHint: Record<BadgeRuleType, string> = {
  challenge_done: 'Members get it when they finish every stage of one challenge.',
  completions_count: 'Members get it once that many of their challenge stages are approved, of one kind or of any.',
  level_reached: 'Members get it when their lifetime points reach the level.',
  weekly_streak: 'Members get it when they complete something that many weeks in a row.',
  manual: 'You choose who gets it, one member at a time, each with a reason.',
};

export const RULE_LIMITS = { count: { min: 1, max: 10_000 }, weeks: { min: 2, max: 104 } } as const;

/** What a completion of each stage kind is called in a sentence: one, and many. */
const kindNoun: Record<StageKind, [string, string]> = {
  quiz: ['a quiz', 'quizzes'],
  survey: ['a survey', 'surveys'],
  nps: ['an NPS score', 'NPS scores'],
  share_link: ['a link share', 'link shares'],
  review: ['a review', 'reviews'],
  proof: ['a proof', 'proofs'],
  visit: ['a visit', 'visits'],
  confirm: ['a confirmation', 'confirmations'],
  checkin: ['an event check-in', 'event check-ins'],
  join_group: ['a group join', 'group joins'],
  community_post: ['a community post', 'community posts'],
  referral: ['a referral', 'referrals'],
};

/** Looks up the names a rule refers to; null while unknown (not loaded, or deleted). */
export interface RuleNames {
  challengeTitle(id: string): string | null;
  levelName(rank: number): string | null;
}

export function completionsText(count: number, kind: StageKind | null): string {
  const what = kind ? kindNoun[kind][count === 1 ? 0 : 1] : 'any kind';
  return `${formatNumber(count)} ${count === 1 ? 'completion' : 'completions'} of ${what}`;
}

/** The rule in plain words: “Complete “Lumen basics quiz””, “5 completions of reviews”, … */
export function ruleText(rule: BadgeRule, names: RuleNames): string {
  switch (rule.type) {
    case 'challenge_done': {
      const title = names.challengeTitle(rule.challengeId);
      return title ? `Complete “${title}”` : 'Complete a challenge';
    }
    case 'completions_count':
      return completionsText(rule.count, rule.stageKind ?? null);
    case 'level_reached': {
      const name = names.levelName(rule.rank);
      return name ? `Reach level ${rule.rank} (${name})` : `Reach level ${rule.rank}`;
    }
    case 'weekly_streak':
      return `${rule.weeks}-week streak`;
    case 'manual':
      return 'Awarded by hand';
  }
}

/** The rule as the editor holds it: every input of every type, possibly unfinished. */
export interface RuleDraft {
  type: BadgeRuleType | null;
  challengeId: string | null;
  count: number | null;
  /** `any` stands for a null stage kind (a Select cannot show null as a choice). */
  stageKind: StageKind | 'any';
  rank: number | null;
  weeks: number | null;
}

export function emptyRuleDraft(): RuleDraft {
  return { type: null, challengeId: null, count: 1, stageKind: 'any', rank: null, weeks: 2 };
}

export function draftFromRule(rule: BadgeRule): RuleDraft {
  const d = { ...emptyRuleDraft(), type: rule.type };
  if (rule.type === 'challenge_done') d.challengeId = rule.challengeId;
  if (rule.type === 'completions_count') {
    d.count = rule.count;
    d.stageKind = rule.stageKind ?? 'any';
  }
  if (rule.type === 'level_reached') d.rank = rule.rank;
  if (rule.type === 'weekly_streak') d.weeks = rule.weeks;
  return d;
}

function within(n: number | null, limits: { min: number; max: number }): n is number {
  return n !== null && Number.isInteger(n) && n >= limits.min && n <= limits.max;
}

/** The finished rule, or null while something it needs is missing or out of range. */
export function ruleFromDraft(d: RuleDraft): BadgeRule | null {
  switch (d.type) {
    case 'challenge_done':
      return d.challengeId ? { type: 'challenge_done', challengeId: d.challengeId } : null;
    case 'completions_count':
      return within(d.count, RULE_LIMITS.count)
        ? { type: 'completions_count', count: d.count, stageKind: d.stageKind === 'any' ? null : d.stageKind }
        : null;
    case 'level_reached':
      return d.rank !== null ? { type: 'level_reached', rank: d.rank } : null;
    case 'weekly_streak':
      return within(d.weeks, RULE_LIMITS.weeks) ? { type: 'weekly_streak', weeks: d.weeks } : null;
    case 'manual':
      return { type: 'manual' };
    default:
      return null;
  }
}

/** Why the draft is not a rule yet, for the field that needs it; null when it is one. */
export function draftProblem(
  d: RuleDraft,
): { field: 'type' | 'challengeId' | 'count' | 'rank' | 'weeks'; message: string } | null {
  if (ruleFromDraft(d)) return null;
  switch (d.type) {
    case null:
      return { field: 'type', message: 'Choose how members earn this badge.' };
    case 'challenge_done':
      return { field: 'challengeId', message: 'Choose the challenge.' };
    case 'completions_count':
      return { field: 'count', message: `Enter a number from 1 to ${formatNumber(RULE_LIMITS.count.max)}.` };
    case 'level_reached':
      return { field: 'rank', message: 'Choose the level.' };
    default:
      return { field: 'weeks', message: `Enter a number of weeks from 2 to ${RULE_LIMITS.weeks.max}.` };
  }
}

export function membersText(n: number): string {
  return `${formatNumber(n)} ${n === 1 ? 'member' : 'members'}`;
}

/** The live line under the rule while it is edited. */
export function liveCountText(n: number): string {
  return `${membersText(n)} would get it now`;
}

/** What creating the badge did, for the toast. */
export function backfillText(backfilled: number, rule: BadgeRule): string {
  if (backfilled > 0)
    return `Awarded to ${membersText(backfilled)} who already ${backfilled === 1 ? 'qualifies' : 'qualify'}.`;
  if (rule.type === 'manual') return 'Award it by hand from “Holders”.';
  return 'Nobody qualifies yet; members get it as they meet the rule.';
}
