import type { ChallengeView, CompletionStatus, MyChallengeStatus, RepeatRule, Stage } from '@advocate-hub/shared';

import { stageKinds } from '../stages';

/**
 * Labels and pure helpers for challenges. Type-only imports from shared: these values are copied
 * here (and checked against shared's types) so that the main chunk never loads zod. What belongs
 * to one stage kind is in `stages/<kind>/`.
 */

export type ChallengeCategory = 'fun' | 'educational' | 'advocacy' | 'feedback' | 'social' | 'event';
export const CATEGORY_LIST: readonly ChallengeCategory[] = [
  'advocacy',
  'educational',
  'feedback',
  'social',
  'event',
  'fun',
];
export const categoryLabel: Record<ChallengeCategory, string> = {
  fun: 'Fun',
  educational: 'Educational',
  advocacy: 'Advocacy',
  feedback: 'Feedback',
  social: 'Social',
  event: 'Event',
};

export function categoryName(category: string): string {
  return (categoryLabel as Record<string, string>)[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

export const myStatusLabel: Record<MyChallengeStatus, string> = {
  available: 'Available',
  in_progress: 'In progress',
  pending_review: 'Waiting for review',
  completed: 'Completed',
  locked: 'Locked',
  full: 'Full',
};

export const myStatusSeverity: Record<MyChallengeStatus, 'info' | 'warn' | 'success' | 'secondary' | 'contrast'> = {
  available: 'info',
  in_progress: 'warn',
  pending_review: 'warn',
  completed: 'success',
  locked: 'secondary',
  full: 'secondary',
};

export const completionStatusLabel: Record<CompletionStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  retry: 'Retry',
};

/**
 * Everything a challenge can earn in one round. The server's `totalPoints` already counts the
 * completion bonus on top of the stages' points.
 */
export function challengePoints(c: Pick<ChallengeView, 'totalPoints'>): number {
  return c.totalPoints;
}

export function repeatSummary(rule: RepeatRule): string {
  if (rule.mode === 'times') return rule.limit ? `Up to ${rule.limit} times` : 'Repeatable';
  if (rule.mode === 'daily') return !rule.limit || rule.limit === 1 ? 'Once a day' : `Up to ${rule.limit} times a day`;
  return 'Once';
}

// ——— Where the member is in a challenge ———

export type StageState = 'done' | 'pending' | 'rejected' | 'retry' | 'open';

export const stageStateLabel: Record<StageState, string> = {
  done: 'Done',
  pending: 'Waiting for review',
  rejected: 'Not accepted',
  retry: 'Try again',
  open: 'To do',
};

export interface StageStep {
  stage: Stage;
  index: number;
  state: StageState;
  feedback: string | null;
  attempts: number;
  current: boolean;
}

/**
 * Each stage with its state in the member's current round, and which one to work on: the first
 * stage neither approved nor waiting for review (a stage under review does not hold up the next
 * one). When every stage is done or under review, `waiting` is the first one under review.
 * A repeatable challenge that is available again after a finished round starts over.
 */
export function stageSteps(challenge: ChallengeView): {
  steps: StageStep[];
  current: StageStep | null;
  waiting: StageStep | null;
} {
  const byStage = new Map(challenge.progress.map((p) => [p.stageId, p]));
  const stages = [...challenge.stages].sort((a, b) => a.position - b.position);
  const allDone = stages.length > 0 && stages.every((s) => byStage.get(s.id)?.status === 'approved');
  const freshRound = allDone && (challenge.myStatus === 'available' || challenge.myStatus === 'in_progress');

  // Done as often as allowed: the finished round's progress may already be cleared.
  const finished = challenge.myStatus === 'completed';
  const steps: StageStep[] = stages.map((stage, index) => {
    const p = freshRound ? undefined : byStage.get(stage.id);
    const state: StageState =
      finished || p?.status === 'approved'
        ? 'done'
        : p?.status === 'pending'
          ? 'pending'
          : p?.status === 'rejected'
            ? 'rejected'
            : p?.status === 'retry'
              ? 'retry'
              : 'open';
    return { stage, index, state, feedback: p?.feedback ?? null, attempts: p?.attempts ?? 0, current: false };
  });

  const open = challenge.myStatus !== 'completed' && challenge.myStatus !== 'locked' && challenge.myStatus !== 'full';
  const current = open ? (steps.find((s) => s.state !== 'done' && s.state !== 'pending') ?? null) : null;
  const waiting = open && !current ? (steps.find((s) => s.state === 'pending') ?? null) : null;
  if (current) current.current = true;
  return { steps, current, waiting };
}

/** Attempts left for a graded stage (the quiz), or null when unlimited or not graded. */
export function attemptsLeft(step: Pick<StageStep, 'stage' | 'attempts'>): number | null {
  const graded = stageKinds[step.stage.kind]?.graded;
  if (!graded) return null;
  const maxAttempts = graded.maxAttempts(step.stage.config);
  if (maxAttempts === null) return null;
  return Math.max(0, maxAttempts - step.attempts);
}
