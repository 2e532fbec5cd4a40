import { computed, reactive, ref, type InjectionKey } from 'vue';
import { CreateRewardBody, type AdminReward } from '@advocate-hub/shared';
import { adminApi } from '@/api/admin';
import { adminRewardsApi, type UploadCodesResult } from '@/api/adminRewards';
import { ApiRequestError, isApiError } from '@/api/client';
import type { Level } from '@/api/types';
import type { ChallengeEditor } from '@/composables/useChallengeEditor';
import { friendlyMessage } from '@/lib/challengeEditor';
import { errorMessage } from '@/lib/errors';
import { describeRewardPath, newRewardDraft, rewardBody, rewardDraftFrom, type RewardDraft } from '@/lib/rewardEditor';
import { RewardCodes, RewardRuleCodes } from '@/lib/rewardsAdmin';
import { useAudienceOptions, type AudienceLists } from './useAudienceOptions';

/**
 * The reward editor: the form model, checks before sending (the shared zod contract, with the
 * field paths the server's 400 uses, e.g. `visibility.includeGroupIds`), saving, and the levels,
 * groups and segments the pickers offer.
 */
export function useRewardEditor() {
  const draft = reactive<RewardDraft>(newRewardDraft());
  const saved = ref<AdminReward | null>(null);
  const id = computed(() => saved.value?.id ?? null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const notFound = ref(false);
  const saving = ref(false);
  const errors = ref<Record<string, string>>({});
  const formError = ref<string | null>(null);
  const snapshot = ref('');
  const levels = ref<Level[]>([]);
  const audience = useAudienceOptions();

  const fingerprint = () => JSON.stringify(draft);
  snapshot.value = fingerprint();
  const dirty = computed(() => fingerprint() !== snapshot.value);
  const errorList = computed(() =>
    Object.entries(errors.value).map(([path, message]) => ({ path, label: describeRewardPath(path), message })),
  );

  function replaceDraft(next: RewardDraft): void {
    Object.assign(draft, next);
    snapshot.value = fingerprint();
  }

  function adopt(reward: AdminReward): void {
    saved.value = reward;
    replaceDraft(rewardDraftFrom(reward));
  }

  function clearErrors(): void {
    errors.value = {};
    formError.value = null;
  }

  function reset(): void {
    saved.value = null;
    notFound.value = false;
    loadError.value = null;
    clearErrors();
    replaceDraft(newRewardDraft());
  }

  async function load(rewardId: string): Promise<void> {
    loading.value = true;
    loadError.value = null;
    notFound.value = false;
    clearErrors();
    try {
      adopt((await adminRewardsApi.get(rewardId)).reward);
    } catch (err) {
      if (isApiError(err, RewardCodes.notFound) || (err instanceof ApiRequestError && err.status === 404)) {
        notFound.value = true;
      } else {
        loadError.value = errorMessage(err, 'Could not load the reward.');
      }
    } finally {
      loading.value = false;
    }
  }

  /** Levels, groups and segments for the pickers: best effort, the form works without them. */
  async function loadOptions(): Promise<void> {
    const [lv] = await Promise.allSettled([adminApi.levels(), audience.loadGroups(), audience.loadSegments()]);
    if (lv.status === 'fulfilled') levels.value = [...lv.value.levels].sort((a, b) => a.rank - b.rank);
  }

  function error(path: string): string | undefined {
    return errors.value[path];
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    const parsed = CreateRewardBody.safeParse(rewardBody(draft, false));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.') || '_';
        found[path] ??= friendlyMessage(issue.message);
      }
    }
    if (!draft.name.trim()) found.name = 'Give the reward a name.';
    if (!draft.cost) found.cost = 'How many points does it cost? Use 1 or more.';
    if (draft.type !== 'code' && !draft.unlimited && draft.stock === null) {
      found.stock = 'Enter how many there are, or tick “Unlimited”.';
    }
    if (draft.type === 'code') delete found.stock;
    if (draft.publishAt && draft.expireAt && draft.expireAt <= draft.publishAt) {
      found.expireAt = 'Choose a time after the publish time.';
    }
    for (const [field, message] of Object.entries(audience.overlaps(draft))) found[`visibility.${field}`] = message;
    return found;
  }

  function showServerError(err: unknown): void {
    errors.value = {};
    if (err instanceof ApiRequestError && err.isValidation && Object.keys(err.fieldErrors).length > 0) {
      const next: Record<string, string> = {};
      for (const [path, message] of Object.entries(err.fieldErrors)) next[path] = friendlyMessage(message);
      errors.value = next;
      formError.value = 'The reward was not saved. Please fix the fields marked below.';
    } else if (isApiError(err, RewardRuleCodes.unknownTarget)) {
      formError.value =
        'The reward was not saved: a chosen group or segment no longer exists. The lists were reloaded; choose again.';
      void audience.prune(draft);
    } else if (isApiError(err, RewardRuleCodes.invalidWindow)) {
      errors.value = { expireAt: err.message };
      formError.value = 'The reward was not saved. Please fix the fields marked below.';
    } else if (isApiError(err, RewardRuleCodes.invalidLimit)) {
      errors.value = { limitPerPeriod: err.message };
      formError.value = 'The reward was not saved. Please fix the fields marked below.';
    } else {
      formError.value = errorMessage(err, 'The reward was not saved.');
    }
  }

  /** Create or update; returns the saved reward, or null with the errors shown. */
  async function save(): Promise<AdminReward | null> {
    clearErrors();
    const found = check();
    if (Object.keys(found).length > 0) {
      errors.value = found;
      formError.value = 'Please fix the fields marked below.';
      return null;
    }
    saving.value = true;
    try {
      const current = saved.value;
      const body = rewardBody(draft, current !== null);
      const { reward } = current ? await adminRewardsApi.update(current.id, body) : await adminRewardsApi.create(body);
      adopt(reward);
      return reward;
    } catch (err) {
      showServerError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  /** After codes were uploaded: the pool and the stock changed on the server. */
  function codesUploaded(result: UploadCodesResult): void {
    const current = saved.value;
    if (!current) return;
    saved.value = { ...current, stock: result.remaining, codes: { total: result.total, remaining: result.remaining } };
    draft.stock = result.remaining;
    snapshot.value = fingerprint();
  }

  /**
   * What ChallengesEditorAudience reads from the editor it is given (the audience pickers and the
   * live reach count), with its `targeting.*` error paths read from this form's `visibility.*`.
   */
  const audienceHost = {
    draft,
    groups: audience.groups,
    groupsError: audience.groupsError,
    segments: audience.segments,
    segmentsError: audience.segmentsError,
    loadGroups: audience.loadGroups,
    loadSegments: audience.loadSegments,
    error: (path: string) => error(path.replace(/^targeting(?=\.|$)/, 'visibility')),
  } satisfies Pick<
    ChallengeEditor,
    'groups' | 'groupsError' | 'segments' | 'segmentsError' | 'loadGroups' | 'loadSegments' | 'error'
  > & { draft: Pick<ChallengeEditor['draft'], keyof AudienceLists> };

  return {
    draft,
    saved,
    id,
    loading,
    loadError,
    notFound,
    saving,
    formError,
    errorList,
    dirty,
    levels,
    reset,
    load,
    loadOptions,
    error,
    save,
    codesUploaded,
    audienceHost,
  };
}

export type RewardEditor = ReturnType<typeof useRewardEditor>;
export const RewardEditorKey: InjectionKey<RewardEditor> = Symbol('reward-editor');
