import { computed, reactive, ref, type InjectionKey } from 'vue';
import type { AdminChallenge, ChallengeStatus, CreateChallengeBody } from '@advocate-hub/shared';
import { adminChallengesApi } from '../api';
import { isApiError } from '@/shared/api/client';
import {
  describePath,
  draftFrom,
  draftProblems,
  newDraft,
  previewView,
  toBody,
  type ChallengeDraft,
} from '../lib/challengeEditor';
import { GroupCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useChallengeOptions } from './useChallengeOptions';
import { useEditorLoad, usePathErrors } from '@/shared/composables/useEditorForm';
import { useStageList } from './useStageList';

export type SaveIntent = 'draft' | 'save' | 'publish';

/**
 * A new challenge is created (published at once for `publish`); an existing one is updated, then
 * published for `publish` (`updated` sees it in between, so a failed publish keeps the saved edit).
 */
async function sendChallenge(
  id: string | null,
  body: CreateChallengeBody,
  intent: SaveIntent,
  updated: (challenge: AdminChallenge) => void,
): Promise<AdminChallenge> {
  if (!id) {
    const status = intent === 'publish' ? 'published' : 'draft';
    return (await adminChallengesApi.createChallenge({ ...body, status })).challenge;
  }
  const { challenge } = await adminChallengesApi.updateChallenge(id, body);
  if (intent !== 'publish' || challenge.status === 'published') return challenge;
  updated(challenge);
  return (await adminChallengesApi.publishChallenge(id)).challenge;
}

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

  const options = useChallengeOptions(draft);
  const { groups, groupsError, segments, segmentsError, loadGroups, loadSegments } = options;

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

  // ——— Errors ———

  /** Errors inside one stage that no field of the stage shows itself (the stage card lists them). */
  function stageErrors(index: number, shown: readonly string[]): string[] {
    const prefix = `stages.${index}.`;
    return Object.entries(errors.value)
      .filter(([path]) => (path.startsWith(prefix) || path === `stages.${index}`) && !shown.includes(path))
      .map(([path, message]) => `${describePath(path, draft.stages)}: ${message}`);
  }

  function check(): Record<string, string> {
    const found = draftProblems(draft);
    for (const [field, message] of Object.entries(options.overlaps(draft))) found[`targeting.${field}`] = message;
    return found;
  }

  function showServerError(err: unknown): void {
    if (showValidation(err, 'The challenge was not saved.')) return;
    if (isApiError(err, GroupCodes.unknownTarget)) {
      show(
        {},
        'The challenge was not saved: a chosen group or segment no longer exists. The lists were reloaded; choose again.',
      );
      void options.dropUnknownTargets();
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
      const result = await sendChallenge(id.value, toBody(draft), intent, adopt);
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

  const stageList = useStageList(draft, clearErrors);

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
    otherChallenges: options.otherChallenges,
    levels: options.levels,
    groups,
    groupsError,
    loadGroups,
    segments,
    segmentsError,
    loadSegments,
    reset,
    load,
    loadOptions: options.loadOptions,
    error,
    stageErrors,
    clearErrors,
    save,
    archive,
    ...stageList,
  };
}

export type ChallengeEditor = ReturnType<typeof useChallengeEditor>;
export const ChallengeEditorKey: InjectionKey<ChallengeEditor> = Symbol('challenge-editor');
