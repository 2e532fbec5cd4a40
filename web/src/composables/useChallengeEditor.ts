import { computed, reactive, ref, type InjectionKey } from 'vue';
import {
  CreateChallengeBody,
  StageConfig,
  type AdminChallenge,
  type ChallengeStatus,
  type Group,
  type Segment,
  type StageKind,
} from '@advocate-hub/shared';
import { adminApi } from '@/api/admin';
import { ApiRequestError, isApiError } from '@/api/client';
import { segmentsApi } from '@/api/segments';
import type { Level } from '@/api/types';
import {
  NEEDS_REVIEW_BY_DEFAULT,
  describePath,
  draftFrom,
  friendlyMessage,
  newDraft,
  newStage,
  option,
  previewView,
  quizQuestion,
  stageConfig,
  surveyQuestion,
  toBody,
  type ChallengeDraft,
} from '@/lib/challengeEditor';
import { GroupCodes } from '@/lib/codes';
import { errorMessage } from '@/lib/errors';

export type SaveIntent = 'draft' | 'save' | 'publish';

/**
 * The challenge editor: the form model, checks before sending (the shared zod contracts, with the
 * same field paths the server's 400 uses, e.g. `stages.0.title`), saving and publishing, the
 * lists the prerequisite pickers offer, and the advocate preview built from unsaved data.
 */
export function useChallengeEditor() {
  const draft = reactive<ChallengeDraft>(newDraft());
  const id = ref<string | null>(null);
  const status = ref<ChallengeStatus>('draft');
  const saved = ref<AdminChallenge | null>(null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const notFound = ref(false);
  const saving = ref<SaveIntent | null>(null);
  const errors = ref<Record<string, string>>({});
  const formError = ref<string | null>(null);
  const snapshot = ref(JSON.stringify(toBody(draft)));

  const otherChallenges = ref<AdminChallenge[]>([]);
  const levels = ref<Level[]>([]);
  const groups = ref<Group[]>([]);
  const groupsError = ref<string | null>(null);
  const segments = ref<Segment[]>([]);
  const segmentsError = ref<string | null>(null);

  const dirty = computed(() => JSON.stringify(toBody(draft)) !== snapshot.value);
  const preview = computed(() => previewView(draft, id.value));
  const totalPoints = computed(() => draft.stages.reduce((sum, s) => sum + (s.points ?? 0), 0));
  const errorList = computed(() =>
    Object.entries(errors.value).map(([path, message]) => ({ path, label: describePath(path, draft.stages), message })),
  );

  function replaceDraft(next: ChallengeDraft): void {
    Object.assign(draft, next);
    snapshot.value = JSON.stringify(toBody(draft));
  }

  function adopt(challenge: AdminChallenge): void {
    saved.value = challenge;
    id.value = challenge.id;
    status.value = challenge.status;
    replaceDraft(draftFrom(challenge));
  }

  function reset(): void {
    id.value = null;
    saved.value = null;
    status.value = 'draft';
    notFound.value = false;
    loadError.value = null;
    clearErrors();
    replaceDraft(newDraft());
  }

  async function load(challengeId: string): Promise<void> {
    loading.value = true;
    loadError.value = null;
    notFound.value = false;
    clearErrors();
    try {
      adopt((await adminApi.challenge(challengeId)).challenge);
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.status === 400)) notFound.value = true;
      else loadError.value = errorMessage(err, 'Could not load this challenge.');
    } finally {
      loading.value = false;
    }
  }

  /** Challenges to require first, levels to require, groups and segments to target: best effort, the form works without them. */
  async function loadOptions(): Promise<void> {
    const [challenges, lv] = await Promise.allSettled([
      adminApi.challenges({}),
      adminApi.levels(),
      loadGroups(),
      loadSegments(),
    ]);
    if (challenges.status === 'fulfilled') otherChallenges.value = challenges.value.challenges;
    if (lv.status === 'fulfilled') levels.value = [...lv.value.levels].sort((a, b) => a.rank - b.rank);
  }

  async function loadGroups(): Promise<void> {
    groupsError.value = null;
    try {
      groups.value = [...(await adminApi.groups()).groups].sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      groupsError.value = errorMessage(err, 'Could not load the groups.');
    }
  }

  async function loadSegments(): Promise<void> {
    segmentsError.value = null;
    try {
      segments.value = [...(await segmentsApi.list()).segments].sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      segmentsError.value = errorMessage(err, 'Could not load the segments.');
    }
  }

  /** After the segments were reloaded: forget picks of segments that are gone. */
  function dropUnknownSegments(): void {
    if (segmentsError.value) return;
    const known = new Set(segments.value.map((s) => s.id));
    draft.includeSegmentIds = draft.includeSegmentIds.filter((s) => known.has(s));
    draft.excludeSegmentIds = draft.excludeSegmentIds.filter((s) => known.has(s));
  }

  /** After the groups were reloaded: forget picks of groups that are gone. */
  function dropUnknownGroups(): void {
    if (groupsError.value) return;
    const known = new Set(groups.value.map((g) => g.id));
    draft.includeGroupIds = draft.includeGroupIds.filter((g) => known.has(g));
    draft.excludeGroupIds = draft.excludeGroupIds.filter((g) => known.has(g));
    for (const stage of draft.stages) {
      if (stage.config.join_group.groupId && !known.has(stage.config.join_group.groupId)) {
        stage.config.join_group.groupId = '';
      }
    }
  }

  // ——— Errors ———

  function clearErrors(): void {
    errors.value = {};
    formError.value = null;
  }

  function error(path: string): string | undefined {
    return errors.value[path];
  }

  /** Errors inside one stage that no field of the stage shows itself (the stage card lists them). */
  function stageErrors(index: number, shown: readonly string[]): string[] {
    const prefix = `stages.${index}.`;
    return Object.entries(errors.value)
      .filter(([path]) => (path.startsWith(prefix) || path === `stages.${index}`) && !shown.includes(path))
      .map(([path, message]) => `${describePath(path, draft.stages)}: ${message}`);
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    const add = (path: string, message: string) => {
      if (!found[path]) found[path] = friendlyMessage(message);
    };
    const body = toBody(draft);
    const parsed = CreateChallengeBody.safeParse(body);
    if (!parsed.success) for (const issue of parsed.error.issues) add(issue.path.join('.') || '_', issue.message);
    draft.stages.forEach((stage, i) => {
      const config = StageConfig.safeParse(stageConfig(stage));
      if (!config.success) {
        for (const issue of config.error.issues) add(`stages.${i}.config.${issue.path.join('.')}`, issue.message);
      }
      if (stage.kind === 'quiz') {
        stage.config.quiz.questions.forEach((q, qi) => {
          if (!q.options.some((o) => o.correct))
            add(`stages.${i}.config.questions.${qi}.correct`, 'Mark at least one right answer.');
        });
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
      if (stage.kind === 'join_group' && !stage.config.join_group.groupId) {
        found[`stages.${i}.config.groupId`] = 'Choose a group.';
      }
    });
    const both = draft.includeGroupIds.filter((g) => draft.excludeGroupIds.includes(g));
    if (both.length > 0) {
      found['targeting.excludeGroupIds'] = 'A group cannot be in both lists. Remove it from one of them.';
    }
    const bothSegments = draft.includeSegmentIds.filter((s) => draft.excludeSegmentIds.includes(s));
    if (bothSegments.length > 0) {
      found['targeting.excludeSegmentIds'] = 'A segment cannot be in both lists. Remove it from one of them.';
    }
    return found;
  }

  function showServerError(err: unknown): void {
    if (err instanceof ApiRequestError && err.isValidation && Object.keys(err.fieldErrors).length > 0) {
      const next: Record<string, string> = {};
      for (const [path, message] of Object.entries(err.fieldErrors)) next[path] = friendlyMessage(message);
      errors.value = next;
      formError.value = 'The challenge was not saved. Please fix the fields marked below.';
    } else if (isApiError(err, GroupCodes.unknownTarget)) {
      errors.value = {};
      formError.value =
        'The challenge was not saved: a chosen group or segment no longer exists. The lists were reloaded; choose again.';
      void loadGroups().then(dropUnknownGroups);
      void loadSegments().then(dropUnknownSegments);
    } else {
      errors.value = {};
      formError.value = errorMessage(err, 'The challenge was not saved.');
    }
  }

  // ——— Saving ———

  /**
   * `draft`: save (a new challenge is created as a draft); `save`: save changes, status unchanged;
   * `publish`: save and publish. Returns the saved challenge, or null with the errors shown.
   */
  async function save(intent: SaveIntent): Promise<AdminChallenge | null> {
    clearErrors();
    const found = check();
    if (Object.keys(found).length > 0) {
      errors.value = found;
      formError.value = 'Please fix the fields marked below.';
      return null;
    }
    saving.value = intent;
    try {
      const body = toBody(draft);
      let result: AdminChallenge;
      if (!id.value) {
        result = (await adminApi.createChallenge({ ...body, status: intent === 'publish' ? 'published' : 'draft' }))
          .challenge;
      } else {
        result = (await adminApi.updateChallenge(id.value, body)).challenge;
        if (intent === 'publish' && result.status !== 'published') {
          adopt(result);
          result = (await adminApi.publishChallenge(id.value)).challenge;
        }
      }
      adopt(result);
      return result;
    } catch (err) {
      showServerError(err);
      return null;
    } finally {
      saving.value = null;
    }
  }

  async function archive(): Promise<AdminChallenge | null> {
    if (!id.value) return null;
    clearErrors();
    saving.value = 'save';
    try {
      const { challenge } = await adminApi.archiveChallenge(id.value);
      status.value = challenge.status;
      saved.value = challenge;
      return challenge;
    } catch (err) {
      showServerError(err);
      return null;
    } finally {
      saving.value = null;
    }
  }

  // ——— Stage list ———

  function addStage(kind: StageKind = 'confirm'): void {
    draft.stages.push(newStage(kind));
    clearErrors();
  }

  function removeStage(index: number): void {
    draft.stages.splice(index, 1);
    clearErrors();
  }

  function moveStage(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= draft.stages.length) return;
    const [stage] = draft.stages.splice(index, 1);
    if (stage) draft.stages.splice(to, 0, stage);
    clearErrors();
  }

  function setKind(index: number, kind: StageKind): void {
    const stage = draft.stages[index];
    if (!stage || stage.kind === kind) return;
    stage.kind = kind;
    stage.needsReview = NEEDS_REVIEW_BY_DEFAULT.includes(kind);
  }

  const factories = { option, quizQuestion, surveyQuestion };

  return {
    draft,
    id,
    status,
    saved,
    loading,
    loadError,
    notFound,
    saving,
    errors,
    formError,
    errorList,
    dirty,
    preview,
    totalPoints,
    otherChallenges,
    levels,
    groups,
    groupsError,
    loadGroups,
    segments,
    segmentsError,
    loadSegments,
    reset,
    load,
    loadOptions,
    error,
    stageErrors,
    clearErrors,
    save,
    archive,
    addStage,
    removeStage,
    moveStage,
    setKind,
    factories,
  };
}

export type ChallengeEditor = ReturnType<typeof useChallengeEditor>;
export const ChallengeEditorKey: InjectionKey<ChallengeEditor> = Symbol('challenge-editor');
