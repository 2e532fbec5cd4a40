import {
  CreateChallengeBody,
  StageConfig,
  type AdminChallenge,
  type ChallengeView,
  type Stage,
  type StageKind,
} from '@advocate-hub/shared';
import { friendlyMessage } from '@/shared/lib/validation';
import type { ChallengeCategory } from './challenges';
import { draftKey } from '../stages/drafts';
import {
  STAGE_KIND_LIST,
  emptyConfigDrafts,
  stageKind,
  stageKindLabel,
  stageKinds,
  type StageConfigDrafts,
} from '../stages';

/**
 * The challenge editor's form model and its conversions: from an AdminChallenge, to a
 * Create/UpdateChallengeBody, and to the ChallengeView the advocate page would render (preview).
 * Every stage keeps a draft for every kind, so switching a stage's kind back and forth loses nothing;
 * what a kind's settings draft holds and how it turns into a config is the kind's own (`stages/`).
 */

export interface StageDraft {
  key: string;
  id?: string;
  kind: StageKind;
  title: string;
  body: string;
  points: number | null;
  needsReview: boolean;
  config: StageConfigDrafts;
}

export type RepeatMode = 'once' | 'times' | 'daily';

export interface ChallengeDraft {
  title: string;
  description: string;
  category: ChallengeCategory;
  /** The challenge's picture (an uploaded `/media/…` path or a URL); '' for none. */
  imageUrl: string;
  publishAt: Date | null;
  expireAt: Date | null;
  repeatMode: RepeatMode;
  repeatLimit: number | null;
  maxCompletions: number | null;
  completionBonus: number | null;
  featured: boolean;
  sortOrder: number | null;
  prerequisiteIds: string[];
  minLevelRank: number | null;
  /**
   * Targeting: empty include lists mean everyone; with any include list a member must be in one of
   * the listed groups or segments; an exclude list always wins.
   */
  includeGroupIds: string[];
  excludeGroupIds: string[];
  includeSegmentIds: string[];
  excludeSegmentIds: string[];
  stages: StageDraft[];
}

/** Whether a new stage of this kind is checked by the program team before its points are added. */
export function needsReviewByDefault(kind: StageKind): boolean {
  return stageKinds[kind].needsReviewByDefault;
}

export function newStage(kind: StageKind = 'confirm'): StageDraft {
  return {
    key: draftKey('s'),
    kind,
    title: '',
    body: '',
    points: 10,
    needsReview: needsReviewByDefault(kind),
    config: emptyConfigDrafts(),
  };
}

export function newDraft(): ChallengeDraft {
  return {
    title: '',
    description: '',
    category: 'advocacy',
    imageUrl: '',
    publishAt: null,
    expireAt: null,
    repeatMode: 'once',
    repeatLimit: null,
    maxCompletions: null,
    completionBonus: 0,
    featured: false,
    sortOrder: 0,
    prerequisiteIds: [],
    minLevelRank: null,
    includeGroupIds: [],
    excludeGroupIds: [],
    includeSegmentIds: [],
    excludeSegmentIds: [],
    stages: [newStage()],
  };
}

// ——— From the server ———

/** Every kind's draft, the stage's own kind read from its saved settings. */
function configsFrom(kind: StageKind, config: Record<string, unknown>): StageConfigDrafts {
  const drafts = emptyConfigDrafts();
  // A kind this web app does not know yet keeps the empty drafts.
  return kind in stageKinds ? { ...drafts, [kind]: stageKind(kind).draftFrom(config) } : drafts;
}

function stageFrom(stage: Stage): StageDraft {
  return {
    key: draftKey('s'),
    id: stage.id,
    kind: (STAGE_KIND_LIST as readonly string[]).includes(stage.kind) ? stage.kind : 'confirm',
    title: stage.title,
    body: stage.body ?? '',
    points: stage.points,
    needsReview: stage.needsReview,
    config: configsFrom(stage.kind, stage.config),
  };
}

function toDate(value: string | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function draftFrom(c: AdminChallenge): ChallengeDraft {
  return {
    title: c.title,
    description: c.description ?? '',
    category: c.category as ChallengeCategory,
    imageUrl: c.imageUrl ?? '',
    publishAt: toDate(c.publishAt),
    expireAt: toDate(c.expireAt),
    repeatMode: c.repeat.mode,
    repeatLimit: c.repeat.limit ?? null,
    maxCompletions: c.maxCompletions,
    completionBonus: c.completionBonus,
    featured: c.featured,
    sortOrder: c.sortOrder,
    prerequisiteIds: [...c.prerequisites.challengeIds],
    minLevelRank: c.prerequisites.minLevelRank,
    includeGroupIds: [...(c.targeting?.includeGroupIds ?? [])],
    excludeGroupIds: [...(c.targeting?.excludeGroupIds ?? [])],
    includeSegmentIds: [...(c.targeting?.includeSegmentIds ?? [])],
    excludeSegmentIds: [...(c.targeting?.excludeSegmentIds ?? [])],
    stages: [...c.stages].sort((a, b) => a.position - b.position).map(stageFrom),
  };
}

// ——— To the server ———

/** The stage's config for its kind, as the API takes it (`kind` inside). */
export function stageConfig(stage: StageDraft): Record<string, unknown> {
  return { kind: stage.kind, ...stageKind(stage.kind).toConfig(stage.config[stage.kind]) };
}

export function toBody(d: ChallengeDraft): CreateChallengeBody {
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    category: d.category,
    imageUrl: d.imageUrl.trim() || null,
    stages: d.stages.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      kind: s.kind,
      title: s.title.trim(),
      body: s.body.trim(),
      points: s.points ?? 0,
      needsReview: s.needsReview,
      config: stageConfig(s),
    })),
    repeat: d.repeatMode === 'once' ? { mode: 'once' } : { mode: d.repeatMode, limit: d.repeatLimit ?? undefined },
    maxCompletions: d.maxCompletions,
    completionBonus: d.completionBonus ?? 0,
    publishAt: d.publishAt ? d.publishAt.toISOString() : null,
    expireAt: d.expireAt ? d.expireAt.toISOString() : null,
    featured: d.featured,
    sortOrder: d.sortOrder ?? 0,
    prerequisites: { challengeIds: [...d.prerequisiteIds], minLevelRank: d.minLevelRank },
    targeting: {
      includeGroupIds: [...d.includeGroupIds],
      excludeGroupIds: [...d.excludeGroupIds],
      includeSegmentIds: [...d.includeSegmentIds],
      excludeSegmentIds: [...d.excludeSegmentIds],
    },
  };
}

// ——— Checks before sending ———

/**
 * Problems the browser can tell before sending, by the same field paths as the server's 400:
 * the shared contracts first (in plain words), then the rules the schemas cannot say, and each
 * stage kind's own (which speak over the schema's words for their field).
 */
export function draftProblems(draft: ChallengeDraft): Record<string, string> {
  const found: Record<string, string> = {};
  const add = (path: string, message: string) => {
    if (!found[path]) found[path] = friendlyMessage(message);
  };
  const parsed = CreateChallengeBody.safeParse(toBody(draft));
  if (!parsed.success) for (const issue of parsed.error.issues) add(issue.path.join('.') || '_', issue.message);
  draft.stages.forEach((stage, i) => {
    const config = StageConfig.safeParse(stageConfig(stage));
    if (!config.success) {
      for (const issue of config.error.issues) add(`stages.${i}.config.${issue.path.join('.')}`, issue.message);
    }
  });
  if (!draft.title.trim()) found.title = 'Give the challenge a title.';
  if (draft.repeatMode !== 'once' && !draft.repeatLimit) {
    found['repeat.limit'] = draft.repeatMode === 'daily' ? 'How many times a day?' : 'How many times in all?';
  }
  if (draft.publishAt && draft.expireAt && draft.expireAt <= draft.publishAt) {
    found.expireAt = 'Choose a time after the publish time.';
  }
  draft.stages.forEach((stage, i) => {
    const problems = stageKind(stage.kind).problems?.(stage.config[stage.kind]) ?? {};
    for (const [path, message] of Object.entries(problems)) found[`stages.${i}.config.${path}`] = message;
  });
  return found;
}

// ——— The advocate's view of the draft (preview) ———

/** What an advocate receives: quiz answers and check-in codes left out. */
function advocateConfig(stage: StageDraft): Record<string, unknown> {
  const config = stageConfig(stage);
  const forAdvocate = stageKind(stage.kind).advocateConfig;
  return forAdvocate ? { kind: stage.kind, ...forAdvocate(config) } : config;
}

export function previewView(d: ChallengeDraft, id: string | null): ChallengeView {
  const stages: Stage[] = d.stages.map((s, i) => ({
    id: s.id ?? `preview-${s.key}`,
    position: i,
    kind: s.kind,
    title: s.title.trim() || `Step ${i + 1}`,
    body: s.body.trim() || null,
    points: s.points ?? 0,
    needsReview: s.needsReview,
    config: advocateConfig(s),
  }));
  return {
    id: id ?? 'preview',
    title: d.title.trim(),
    description: d.description.trim() || null,
    category: d.category,
    imageUrl: d.imageUrl.trim() || null,
    featured: d.featured,
    expireAt: d.expireAt ? d.expireAt.toISOString() : null,
    // As the server counts it: the stages' points plus the completion bonus.
    totalPoints: stages.reduce((sum, s) => sum + s.points, 0) + (d.completionBonus ?? 0),
    completionBonus: d.completionBonus ?? 0,
    repeat: d.repeatMode === 'once' ? { mode: 'once' } : { mode: d.repeatMode, limit: d.repeatLimit ?? undefined },
    stages,
    myStatus: 'available',
    myCompletions: 0,
    availableAgainAt: null,
    lockedReason: null,
    progress: [],
    recommendation: 0,
  };
}

// ——— Errors ———

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  category: 'Category',
  stages: 'Stages',
  repeat: 'Repeat',
  limit: 'Limit',
  mode: 'Repeat',
  maxCompletions: 'Global cap',
  completionBonus: 'Completion bonus',
  publishAt: 'Publish at',
  expireAt: 'Expire at',
  featured: 'Featured',
  sortOrder: 'Sort order',
  prerequisites: 'Prerequisites',
  challengeIds: 'Challenges',
  minLevelRank: 'Minimum level',
  kind: 'Kind',
  body: 'Text',
  points: 'Points',
  needsReview: 'Needs review',
  config: 'Settings',
  questions: 'Questions',
  prompt: 'Question',
  options: 'Options',
  correct: 'Correct answers',
  passMark: 'Pass mark',
  maxAttempts: 'Attempts',
  type: 'Type',
  url: 'URL',
  suggestedText: 'Suggested text',
  site: 'Site',
  instructions: 'Instructions',
  accept: 'Accepts',
  code: 'Check-in code',
  groupId: 'Group',
  targeting: 'Audience',
  includeGroupIds: 'Only for groups',
  excludeGroupIds: 'Never for groups',
  includeSegmentIds: 'Only for segments',
  excludeSegmentIds: 'Never for segments',
};

/** `stages.1.config.questions.0.prompt` → "Stage 2 › Question 1 › Question". */
export function describePath(path: string, stages: StageDraft[]): string {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const nextIndex = Number(parts[i + 1]);
    if (part === 'stages' && Number.isInteger(nextIndex)) {
      const stage = stages[nextIndex];
      out.push(`Stage ${nextIndex + 1}${stage ? ` (${stageKindLabel[stage.kind]})` : ''}`);
      i += 1;
    } else if ((part === 'questions' || part === 'options') && Number.isInteger(nextIndex)) {
      out.push(`${part === 'questions' ? 'Question' : 'Option'} ${nextIndex + 1}`);
      i += 1;
    } else if (part !== 'config' && part !== '_') {
      out.push(FIELD_LABELS[part] ?? part);
    }
  }
  return out.join(' › ') || 'Challenge';
}
