import { reactive, ref } from 'vue';
import { CreateCategoryBody } from '@advocate-hub/shared';
import { communityAdminApi, type AdminCategory } from '../api';
import { isApiError } from '@/shared/api/client';
import { GroupCodes, ModerationCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { friendlyMessage } from '@/shared/lib/validation';
import { usePathErrors } from '@/shared/composables/useEditorForm';
import { useAudienceOptions } from '@/features/segments';
import { categoryBody, categoryDraft, describeCategoryPath, type CategoryDraft } from '../lib/categories';

/**
 * Create or edit a category: the form model, checks before sending (the shared contract, with the
 * server's field paths such as `targeting.includeGroupIds`), saving, and the groups and segments
 * the audience pickers offer.
 */
export function useCategoryEditor() {
  const draft = reactive<CategoryDraft>(categoryDraft(null));
  const saving = ref(false);
  const { errors, formError, errorList, clearErrors, error, show, passes, showValidation } =
    usePathErrors(describeCategoryPath);
  const audience = useAudienceOptions();
  let optionsLoaded = false;

  function fill(category: AdminCategory | null): void {
    clearErrors();
    Object.assign(draft, categoryDraft(category));
    if (!optionsLoaded) {
      optionsLoaded = true;
      void Promise.allSettled([audience.loadGroups(), audience.loadSegments()]);
    }
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    const parsed = CreateCategoryBody.safeParse(categoryBody(draft));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) found[issue.path.join('.') || '_'] ??= friendlyMessage(issue.message);
    }
    if (!draft.name.trim()) found.name = 'Give the category a name.';
    for (const [field, message] of Object.entries(audience.overlaps(draft))) found[`targeting.${field}`] = message;
    return found;
  }

  function showServerError(err: unknown): void {
    const notSaved = 'The category was not saved.';
    if (showValidation(err, notSaved)) return;
    if (isApiError(err, ModerationCodes.categorySlugTaken)) {
      show({ slug: errorMessage(err) }, `${notSaved} Please fix the fields marked below.`);
    } else if (isApiError(err, GroupCodes.unknownTarget)) {
      show({}, `${notSaved} A chosen group or segment no longer exists. The lists were reloaded; choose again.`);
      void audience.prune(draft);
    } else {
      show({}, errorMessage(err, notSaved));
    }
  }

  /** Create or update; returns the saved category, or null with the errors shown. */
  async function save(existing: AdminCategory | null): Promise<AdminCategory | null> {
    clearErrors();
    if (!passes(check())) return null;
    saving.value = true;
    try {
      const body = categoryBody(draft);
      const { category } = existing
        ? await communityAdminApi.updateCategory(existing.id, body)
        : await communityAdminApi.createCategory(body);
      return category;
    } catch (err) {
      showServerError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  /** What the audience fields read from this editor (see SegmentsAudienceFields). */
  const audienceHost = audience.hostFor(draft, error);

  return { draft, saving, errors, formError, errorList, error, fill, save, audienceHost };
}
