import { computed, reactive, ref, type InjectionKey } from 'vue';
import { CreateRewardBody, type AdminReward } from '@advocate-hub/shared';
import { levelsApi, type Level } from '@/features/levels';
import { adminRewardsApi, type UploadCodesResult } from '../api';
import { ApiRequestError, isApiError } from '@/shared/api/client';
import { friendlyMessage } from '@/shared/lib/validation';
import { errorMessage } from '@/shared/lib/errors';
import { describeRewardPath, newRewardDraft, rewardBody, rewardDraftFrom, type RewardDraft } from '../lib/rewardEditor';
import { RewardCodes, RewardRuleCodes } from '../lib/rewardsAdmin';
import { useAudienceOptions } from '@/features/segments';
import { useEditorLoad, usePathErrors } from '@/shared/composables/useEditorForm';

/**
 * The reward editor: the form model, checks before sending (the shared zod contract, with the
 * field paths the server's 400 uses, e.g. `visibility.includeGroupIds`), saving, and the levels,
 * groups and segments the pickers offer.
 */
export function useRewardEditor() {
  const draft = reactive<RewardDraft>(newRewardDraft());
  const saved = ref<AdminReward | null>(null);
  const id = computed(() => saved.value?.id ?? null);
  const { loading, loadError, notFound, ...loader } = useEditorLoad();
  const saving = ref(false);
  const { formError, errorList, clearErrors, error, show, passes, showValidation } = usePathErrors(describeRewardPath);
  const snapshot = ref('');
  const levels = ref<Level[]>([]);
  const audience = useAudienceOptions();

  const fingerprint = () => JSON.stringify(draft);
  snapshot.value = fingerprint();
  const dirty = computed(() => fingerprint() !== snapshot.value);

  function replaceDraft(next: RewardDraft): void {
    Object.assign(draft, next);
    snapshot.value = fingerprint();
  }

  function adopt(reward: AdminReward): void {
    saved.value = reward;
    replaceDraft(rewardDraftFrom(reward));
  }

  function reset(): void {
    saved.value = null;
    loader.clear();
    clearErrors();
    replaceDraft(newRewardDraft());
  }

  async function load(rewardId: string): Promise<void> {
    clearErrors();
    await loader.run(
      async () => adopt((await adminRewardsApi.get(rewardId)).reward),
      (err) => isApiError(err, RewardCodes.notFound) || (err instanceof ApiRequestError && err.status === 404),
      'Could not load the reward.',
    );
  }

  /** Levels, groups and segments for the pickers: best effort, the form works without them. */
  async function loadOptions(): Promise<void> {
    const [lv] = await Promise.allSettled([levelsApi.levels(), audience.loadGroups(), audience.loadSegments()]);
    if (lv.status === 'fulfilled') levels.value = [...lv.value.levels].sort((a, b) => a.rank - b.rank);
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
    const notSaved = 'The reward was not saved.';
    if (showValidation(err, notSaved)) return;
    if (isApiError(err, RewardRuleCodes.unknownTarget)) {
      show(
        {},
        'The reward was not saved: a chosen group or segment no longer exists. The lists were reloaded; choose again.',
      );
      void audience.prune(draft);
    } else if (isApiError(err, RewardRuleCodes.invalidWindow)) {
      show({ expireAt: err.message }, `${notSaved} Please fix the fields marked below.`);
    } else if (isApiError(err, RewardRuleCodes.invalidLimit)) {
      show({ limitPerPeriod: err.message }, `${notSaved} Please fix the fields marked below.`);
    } else {
      show({}, errorMessage(err, notSaved));
    }
  }

  /** Create or update; returns the saved reward, or null with the errors shown. */
  async function save(): Promise<AdminReward | null> {
    clearErrors();
    if (!passes(check())) return null;
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
   * What the audience fields read from the editor around them (the pickers and the live reach
   * count), with their `targeting.*` error paths read from this form's `visibility.*`.
   */
  const audienceHost = audience.hostFor(draft, (path) => error(path.replace(/^targeting(?=\.|$)/, 'visibility')));

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
