import { computed, reactive, ref } from 'vue';
import { CommunitySettings as CommunitySettingsSchema } from '@advocate-hub/shared';
import { communityAdminApi, type CommunitySettings } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { friendlyMessage } from '@/shared/lib/validation';
import { usePathErrors } from '@/shared/composables/useEditorForm';

/** The form's model: every number may be empty while it is typed. */
export interface SettingsDraft {
  points: {
    thread: number | null;
    reply: number | null;
    acceptedAnswer: number | null;
    reactionReceived: number | null;
  };
  dailyCap: number | null;
  hideThreshold: number | null;
  editWindowMinutes: number | null;
  postsPerMinute: number | null;
  postsPerHour: number | null;
  linkTrustPoints: number | null;
}

function draftFrom(s: CommunitySettings): SettingsDraft {
  return { ...s, points: { ...s.points } };
}

const LABELS: Record<string, string> = {
  thread: 'Starting a thread',
  reply: 'A reply',
  acceptedAnswer: 'An accepted answer',
  reactionReceived: 'A reaction received',
  dailyCap: 'Daily cap',
  hideThreshold: 'Hide threshold',
  editWindowMinutes: 'Edit window',
  postsPerMinute: 'Posts per minute',
  postsPerHour: 'Posts per hour',
  linkTrustPoints: 'Lifetime points for clickable links',
};

/** The community settings: participation points, the flag threshold, rate limits and link trust. */
export function useCommunitySettings() {
  const saved = ref<CommunitySettings | null>(null);
  const draft = reactive<SettingsDraft>({
    points: { thread: null, reply: null, acceptedAnswer: null, reactionReceived: null },
    dailyCap: null,
    hideThreshold: null,
    editWindowMinutes: null,
    postsPerMinute: null,
    postsPerHour: null,
    linkTrustPoints: null,
  });
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const saving = ref(false);
  const { formError, clearErrors, error, passes, show, showValidation } = usePathErrors(
    (path) => LABELS[path.split('.').pop() ?? ''] ?? path,
  );

  const dirty = computed(
    () => saved.value !== null && JSON.stringify(draft) !== JSON.stringify(draftFrom(saved.value)),
  );

  function adopt(settings: CommunitySettings): void {
    saved.value = settings;
    Object.assign(draft, draftFrom(settings));
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
