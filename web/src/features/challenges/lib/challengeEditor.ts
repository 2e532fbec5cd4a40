import type { AdminChallenge, ChallengeView, CreateChallengeBody, Stage, StageKind } from '@advocate-hub/shared';
import { STAGE_KIND_LIST, type ChallengeCategory, stageKindLabel } from './challenges';

/**
 * The challenge editor's form model and its conversions: from an AdminChallenge, to a
 * Create/UpdateChallengeBody, and to the ChallengeView the advocate page would render (preview).
 * Every stage keeps a draft for every kind, so switching a stage's kind back and forth loses nothing.
 */

let seq = 0;
export function draftKey(prefix = 'k'): string {
  seq += 1;
  return `${prefix}${seq}`;
}

export interface OptionDraft {
  key: string;
  text: string;
  correct: boolean;
}

export interface QuizQuestionDraft {
  key: string;
  id: string;
  prompt: string;
  options: OptionDraft[];
}

export type SurveyQuestionType = 'text' | 'choice' | 'scale';

export interface SurveyQuestionDraft {
  key: string;
  id: string;
  prompt: string;
  type: SurveyQuestionType;
  options: OptionDraft[];
  required: boolean;
}

export interface StageConfigDrafts {
  quiz: { questions: QuizQuestionDraft[]; passMark: number | null; maxAttempts: number | null; unlimited: boolean };
  survey: { questions: SurveyQuestionDraft[] };
  nps: { prompt: string };
  share_link: { url: string; suggestedText: string };
  review: { site: string; url: string };
  proof: { instructions: string; accept: 'url' | 'text' };
  visit: { url: string };
  checkin: { code: string };
  join_group: { groupId: string };
}

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

export const NEEDS_REVIEW_BY_DEFAULT: readonly StageKind[] = ['review', 'proof'];

export function option(text = '', correct = false): OptionDraft {
  return { key: draftKey('o'), text, correct };
}

function nextQuestionId(existing: { id: string }[]): string {
  const taken = new Set(existing.map((q) => q.id));
  let n = existing.length + 1;
  while (taken.has(`q${n}`)) n += 1;
  return `q${n}`;
}

export function quizQuestion(existing: { id: string }[]): QuizQuestionDraft {
  return { key: draftKey('q'), id: nextQuestionId(existing), prompt: '', options: [option('', true), option()] };
}

export function surveyQuestion(existing: { id: string }[]): SurveyQuestionDraft {
  return { key: draftKey('q'), id: nextQuestionId(existing), prompt: '', type: 'text', options: [], required: true };
}

function emptyConfigs(): StageConfigDrafts {
  return {
    quiz: { questions: [quizQuestion([])], passMark: 100, maxAttempts: 3, unlimited: false },
    survey: { questions: [surveyQuestion([])] },
    nps: { prompt: '' },
    share_link: { url: '', suggestedText: '' },
    review: { site: '', url: '' },
    proof: { instructions: '', accept: 'url' },
    visit: { url: '' },
    checkin: { code: '' },
    join_group: { groupId: '' },
  };
}

export function newStage(kind: StageKind = 'confirm'): StageDraft {
  return {
    key: draftKey('s'),
    kind,
    title: '',
    body: '',
    points: 10,
    needsReview: NEEDS_REVIEW_BY_DEFAULT.includes(kind),
    config: emptyConfigs(),
  };
}

export function newDraft(): ChallengeDraft {
  return {
    title: '',
    description: '',
    category: 'advocacy',
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

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const objs = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];

function configsFrom(kind: StageKind, config: Record<string, unknown>): StageConfigDrafts {
  const drafts = emptyConfigs();
  switch (kind) {
    case 'quiz': {
      const questions = objs(config.questions).map((q, i) => {
        const correct = new Set(Array.isArray(q.correct) ? q.correct : []);
        return {
          key: draftKey('q'),
          id: str(q.id) || `q${i + 1}`,
          prompt: str(q.prompt),
          options: strs(q.options).map((text, oi) => option(text, correct.has(oi))),
        };
      });
      const maxAttempts =
        config.maxAttempts === null ? null : typeof config.maxAttempts === 'number' ? config.maxAttempts : 3;
      drafts.quiz = {
        questions: questions.length > 0 ? questions : drafts.quiz.questions,
        passMark: typeof config.passMark === 'number' ? config.passMark : 100,
        maxAttempts: maxAttempts ?? 3,
        unlimited: maxAttempts === null,
      };
      break;
    }
    case 'survey': {
      const questions = objs(config.questions).map((q, i) => ({
        key: draftKey('q'),
        id: str(q.id) || `q${i + 1}`,
        prompt: str(q.prompt),
        type: (q.type === 'choice' || q.type === 'scale' ? q.type : 'text') as SurveyQuestionType,
        options: strs(q.options).map((text) => option(text)),
        required: q.required !== false,
      }));
      if (questions.length > 0) drafts.survey = { questions };
      break;
    }
    case 'nps':
      drafts.nps = { prompt: str(config.prompt) };
      break;
    case 'share_link':
      drafts.share_link = { url: str(config.url), suggestedText: str(config.suggestedText) };
      break;
    case 'review':
      drafts.review = { site: str(config.site), url: str(config.url) };
      break;
    case 'proof':
      drafts.proof = { instructions: str(config.instructions), accept: config.accept === 'text' ? 'text' : 'url' };
      break;
    case 'visit':
      drafts.visit = { url: str(config.url) };
      break;
    case 'checkin':
      drafts.checkin = { code: str(config.code) };
      break;
    case 'join_group':
      drafts.join_group = { groupId: str(config.groupId) };
      break;
    case 'confirm':
      break;
  }
  return drafts;
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

const texts = (options: OptionDraft[]) => options.map((o) => o.text.trim());

/** The stage's config for its kind, as the API takes it (`kind` inside). */
export function stageConfig(stage: StageDraft): Record<string, unknown> {
  const c = stage.config;
  switch (stage.kind) {
    case 'quiz':
      return {
        kind: 'quiz',
        questions: c.quiz.questions.map((q) => ({
          id: q.id,
          prompt: q.prompt.trim(),
          options: texts(q.options),
          correct: q.options.flatMap((o, i) => (o.correct ? [i] : [])),
        })),
        passMark: c.quiz.passMark ?? 100,
        maxAttempts: c.quiz.unlimited ? null : (c.quiz.maxAttempts ?? 3),
      };
    case 'survey':
      return {
        kind: 'survey',
        questions: c.survey.questions.map((q) => ({
          id: q.id,
          prompt: q.prompt.trim(),
          type: q.type,
          ...(q.type === 'choice' ? { options: texts(q.options) } : {}),
          required: q.required,
        })),
      };
    case 'nps':
      return c.nps.prompt.trim() ? { kind: 'nps', prompt: c.nps.prompt.trim() } : { kind: 'nps' };
    case 'share_link':
      return {
        kind: 'share_link',
        url: c.share_link.url.trim(),
        ...(c.share_link.suggestedText.trim() ? { suggestedText: c.share_link.suggestedText.trim() } : {}),
      };
    case 'review':
      return { kind: 'review', site: c.review.site.trim(), url: c.review.url.trim() };
    case 'proof':
      return { kind: 'proof', instructions: c.proof.instructions.trim(), accept: c.proof.accept };
    case 'visit':
      return { kind: 'visit', url: c.visit.url.trim() };
    case 'checkin':
      return { kind: 'checkin', code: c.checkin.code.trim() };
    case 'join_group':
      return { kind: 'join_group', groupId: c.join_group.groupId.trim() };
    case 'confirm':
      return { kind: 'confirm' };
  }
}

export function toBody(d: ChallengeDraft): CreateChallengeBody {
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    category: d.category,
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

// ——— The advocate's view of the draft (preview) ———

/** What an advocate receives: quiz answers and check-in codes left out. */
function advocateConfig(stage: StageDraft): Record<string, unknown> {
  const config = stageConfig(stage);
  if (stage.kind === 'quiz') {
    const questions = (config.questions as { correct: number[] }[]).map(({ correct, ...q }) => ({
      ...q,
      multiple: correct.length > 1,
    }));
    return { ...config, questions };
  }
  if (stage.kind === 'checkin') return { kind: 'checkin' };
  return config;
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
    imageUrl: null,
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
