import { computed, reactive, ref } from 'vue';
import { CommunitySettings as CommunitySettingsSchema } from '@advocate-hub/shared';
import { communityAdminApi, type CommunitySettings } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { friendlyMessage } from '@/shared/lib/validation';
import { usePathErrors } from '@/shared/composables/useEditorForm';
import {
  describeSettingPath,
  emptySettingsDraft,
  readSetting,
  SETTING_PATHS,
  settingsDraft,
  type SettingsDraft,
} from '../lib/settings';

/** The community settings: participation points, the flag threshold, rate limits and link trust. */
export function useCommunitySettings() {
  const saved = ref<CommunitySettings | null>(null);
  const draft = reactive<SettingsDraft>(emptySettingsDraft());
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const { formError, clearErrors, error, passes, show, showValidation } = usePathErrors(describeSettingPath);

  const dirty = computed(() => {
    if (!saved.value) return false;
    const before = settingsDraft(saved.value);
    return SETTING_PATHS.some((path) => readSetting(draft, path) !== readSetting(before, path));
  });

  function adopt(settings: CommunitySettings): void {
    saved.value = settings;
    Object.assign(draft, settingsDraft(settings));
  }

  function reset(): void {
    clearErrors();
    if (saved.value) adopt(saved.value);
  }

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      adopt((await communityAdminApi.settings()).settings);
    } catch (err) {
      loadError.value = errorMessage(err, 'Could not load the community settings.');
    } finally {
      loading.value = false;
    }
  }

  function check(): { found: Record<string, string>; value: CommunitySettings | null } {
    const found: Record<string, string> = {};
    const parsed = CommunitySettingsSchema.safeParse(draft);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        found[path] ??= issue.code === 'invalid_type' ? 'Enter a number.' : friendlyMessage(issue.message);
      }
    }
    if (draft.postsPerMinute !== null && draft.postsPerHour !== null && draft.postsPerHour < draft.postsPerMinute) {
      found.postsPerHour ??= 'Allow at least as many posts per hour as per minute.';
    }
    return { found, value: parsed.success ? parsed.data : null };
  }

  /** Returns the saved settings, or null with the errors shown. */
  async function save(): Promise<CommunitySettings | null> {
    clearErrors();
    const { found, value } = check();
    if (!passes(found) || !value) return null;
    saving.value = true;
    try {
      const { settings } = await communityAdminApi.saveSettings(value);
      adopt(settings);
      return settings;
    } catch (err) {
      if (!showValidation(err, 'The settings were not saved.'))
        show({}, errorMessage(err, 'The settings were not saved.'));
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { draft, saved, loading, loadError, saving, formError, error, dirty, load, reset, save };
}
