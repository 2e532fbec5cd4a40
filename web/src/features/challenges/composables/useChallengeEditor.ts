import { computed, reactive, ref, type InjectionKey } from 'vue';
import {
  CreateChallengeBody,
  StageConfig,
  type AdminChallenge,
  type ChallengeStatus,
  type StageKind,
} from '@advocate-hub/shared';
import { adminChallengesApi } from '../api';
import { levelsApi, type Level } from '@/features/levels';
import { isApiError } from '@/shared/api/client';
import {
  NEEDS_REVIEW_BY_DEFAULT,
  describePath,
  draftFrom,
  newDraft,
  newStage,
  option,
  previewView,
  quizQuestion,
  stageConfig,
  surveyQuestion,
  toBody,
  type ChallengeDraft,
} from '../lib/challengeEditor';
import { GroupCodes } from '@/shared/lib/codes';
import { friendlyMessage } from '@/shared/lib/validation';
import { errorMessage } from '@/shared/lib/errors';
import { useAudienceOptions } from '@/features/segments';
import { useEditorLoad, usePathErrors } from '@/shared/composables/useEditorForm';

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
  const { loading, loadError, notFound, ...loader } = useEditorLoad();
  const saving = ref<SaveIntent | null>(null);
  const { errors, formError, errorList, clearErrors, error, show, passes, showValidation } = usePathErrors((path) =>
    describePath(path, draft.stages),
  );
  const snapshot = ref(JSON.stringify(toBody(draft)));

  const otherChallenges = ref<AdminChallenge[]>([]);
  const levels = ref<Level[]>([]);
  const { groups, groupsError, segments, segmentsError, loadGroups, loadSegments, ...audience } = useAudienceOptions();

  const dirty = computed(() => JSON.stringify(toBody(draft)) !== snapshot.value);
  const preview = computed(() => previewView(draft, id.value));
  const totalPoints = computed(() => draft.stages.reduce((sum, s) => sum + (s.points ?? 0), 0));

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
    loader.clear();
    clearErrors();
    replaceDraft(newDraft());
  }

  async function load(challengeId: string): Promise<void> {
    clearErrors();
    await loader.run(
      async () => adopt((await adminChallengesApi.challenge(challengeId)).challenge),
      (err) => isApiError(err) && (err.status === 404 || err.status === 400),
      'Could not load this challenge.',
    );
  }

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
    const known = new Set(groups.value.map((g) => g.id));
    for (const stage of draft.stages) {
      if (stage.config.join_group.groupId && !known.has(stage.config.join_group.groupId)) {
        stage.config.join_group.groupId = '';
      }
    }
  }

  // ——— Errors ———

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
    for (const [field, message] of Object.entries(audience.overlaps(draft))) found[`targeting.${field}`] = message;
    return found;
  }

  function showServerError(err: unknown): void {
    if (showValidation(err, 'The challenge was not saved.')) return;
    if (isApiError(err, GroupCodes.unknownTarget)) {
      show(
        {},
        'The challenge was not saved: a chosen group or segment no longer exists. The lists were reloaded; choose again.',
      );
      void dropUnknownTargets();
    } else {
      show({}, errorMessage(err, 'The challenge was not saved.'));
    }
  }

  // ——— Saving ———

  /**
   * `draft`: save (a new challenge is created as a draft); `save`: save changes, status unchanged;
   * `publish`: save and publish. Returns the saved challenge, or null with the errors shown.
   */
  async function save(intent: SaveIntent): Promise<AdminChallenge | null> {
    clearErrors();
    if (!passes(check())) return null;
    saving.value = intent;
    try {
      const body = toBody(draft);
      let result: AdminChallenge;
      if (!id.value) {
        result = (
          await adminChallengesApi.createChallenge({ ...body, status: intent === 'publish' ? 'published' : 'draft' })
        ).challenge;
      } else {
        result = (await adminChallengesApi.updateChallenge(id.value, body)).challenge;
        if (intent === 'publish' && result.status !== 'published') {
          adopt(result);
          result = (await adminChallengesApi.publishChallenge(id.value)).challenge;
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
      const { challenge } = await adminChallengesApi.archiveChallenge(id.value);
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
