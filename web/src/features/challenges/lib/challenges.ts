import type {
  ChallengeView,
  CompletionStatus,
  MyChallengeStatus,
  RepeatRule,
  Stage,
  StageKind,
} from '@advocate-hub/shared';

/**
 * Labels and pure helpers for challenges. Type-only imports from shared: these values are copied
 * here (and checked against shared's types) so that the main chunk never loads zod.
 */

export const STAGE_KIND_LIST = [
  'quiz',
  'survey',
  'nps',
  'share_link',
  'review',
  'proof',
  'visit',
  'confirm',
  'checkin',
  'join_group',
] as const satisfies readonly StageKind[];

export const stageKindLabel: Record<StageKind, string> = {
  quiz: 'Quiz',
  survey: 'Survey',
  nps: 'Net promoter score',
  share_link: 'Share a link',
  review: 'Write a review',
  proof: 'Send proof',
  visit: 'Go there',
  confirm: 'Confirm you did it',
  checkin: 'Event check-in',
  join_group: 'Join a group',
};

export const stageKindHint: Record<StageKind, string> = {
  quiz: 'Questions with right answers, graded automatically against a pass mark.',
  survey: 'Questions without right answers: free text, choices or a 1–5 scale.',
  nps: 'One 0–10 “how likely are you to recommend us” score, with an optional comment.',
  share_link: 'Advocates share a link (with suggested text) on their own channels.',
  review: 'Advocates write a review on a review site and send the link to it.',
  proof: 'Advocates send a link or a short text as proof of what they did.',
  visit: 'Advocates open a page, then say they are done.',
  confirm: 'Advocates confirm they did something. No form.',
  checkin: 'Advocates type the code given out at an event.',
  join_group: 'Advocates join a community group.',
};

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

/** The label of the button that sends a stage. */
export function submitLabel(stage: Pick<Stage, 'kind' | 'needsReview'>): string {
  switch (stage.kind) {
    case 'quiz':
    case 'survey':
      return 'Submit answers';
    case 'nps':
      return 'Send score';
    case 'review':
    case 'proof':
      return stage.needsReview ? 'Submit for review' : 'Submit';
    case 'visit':
      return 'Done';
    case 'confirm':
      return 'I did it';
    case 'share_link':
      return 'I shared it';
    case 'checkin':
      return 'Check in';
    case 'join_group':
      return 'Join group';
  }
}

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

// ——— Stage configuration as the advocate sees it (answers and secret codes are left out) ———

export interface QuizQuestionView {
  id: string;
  prompt: string;
  options: string[];
  /** Only in the admin's view; tells the advocate form to use checkboxes when several are right. */
  correct?: number[];
  /** Set by the server when several options must be picked (optional extra). */
  multiple?: boolean;
}

export interface SurveyQuestionView {
  id: string;
  prompt: string;
  type: 'text' | 'choice' | 'scale';
  options?: string[];
  required: boolean;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function ints(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

export function quizConfig(config: Record<string, unknown>) {
  const questions: QuizQuestionView[] = records(config.questions).map((q, i) => {
    const correct = ints(q.correct);
    const view: QuizQuestionView = { id: str(q.id, `q${i + 1}`), prompt: str(q.prompt), options: strings(q.options) };
    if (Array.isArray(q.correct)) view.correct = correct;
    if (typeof q.multiple === 'boolean') view.multiple = q.multiple;
    return view;
  });
  const passMark = typeof config.passMark === 'number' ? config.passMark : 100;
  const maxAttempts =
    config.maxAttempts === null ? null : typeof config.maxAttempts === 'number' ? config.maxAttempts : 3;
  return { questions, passMark, maxAttempts };
}

export function surveyConfig(config: Record<string, unknown>) {
  const questions: SurveyQuestionView[] = records(config.questions).map((q, i) => {
    const type = q.type === 'choice' || q.type === 'scale' ? q.type : 'text';
    return {
      id: str(q.id, `q${i + 1}`),
      prompt: str(q.prompt),
      type,
      options: strings(q.options),
      required: q.required !== false,
    };
  });
  return { questions };
}

export function npsConfig(config: Record<string, unknown>) {
  return { prompt: str(config.prompt, 'How likely are you to recommend us to a friend or colleague?') };
}

export function shareLinkConfig(config: Record<string, unknown>) {
  return { url: str(config.url), suggestedText: str(config.suggestedText) };
}

export function reviewConfig(config: Record<string, unknown>) {
  return { site: str(config.site), url: str(config.url) };
}

export function proofConfig(config: Record<string, unknown>) {
  return { instructions: str(config.instructions), accept: config.accept === 'text' ? 'text' : 'url' } as const;
}

export function visitConfig(config: Record<string, unknown>) {
  return { url: str(config.url) };
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim());
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

/** Quiz attempts left for a stage, or null when unlimited. */
export function attemptsLeft(step: Pick<StageStep, 'stage' | 'attempts'>): number | null {
  if (step.stage.kind !== 'quiz') return null;
  const { maxAttempts } = quizConfig(step.stage.config);
  if (maxAttempts === null) return null;
  return Math.max(0, maxAttempts - step.attempts);
}

/** Placeholder of URL inputs (kept out of templates: vue-tsc misreads a static "//" in slot content). */
export const URL_PLACEHOLDER = 'https://…';
