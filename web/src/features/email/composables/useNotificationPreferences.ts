import { computed, ref } from 'vue';
import { NOTIFICATION_TOPICS, type NotificationPrefs, type NotificationTopic } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { emailApi } from '../api';

export const topicLabel: Record<NotificationTopic, string> = {
  points: 'Points',
  reviews: 'Reviews of my submissions',
  redemptions: 'Reward redemptions',
  levels: 'Levels',
  badges: 'Badges',
  community: 'Community replies and mentions',
  references: 'Reference requests and answers',
};

/** One switch per topic and channel, plus the weekly digest: `true` unless turned off. */
export interface PrefsForm {
  topics: Record<NotificationTopic, { inApp: boolean; email: boolean }>;
  digest: boolean;
}

function toForm(p: NotificationPrefs): PrefsForm {
  const topics = Object.fromEntries(
    NOTIFICATION_TOPICS.map((t) => [t, { inApp: p.topics[t]?.inApp !== false, email: p.topics[t]?.email !== false }]),
  ) as PrefsForm['topics'];
  return { topics, digest: p.digest !== false };
}

function toPrefs(f: PrefsForm): NotificationPrefs {
  return { topics: Object.fromEntries(NOTIFICATION_TOPICS.map((t) => [t, { ...f.topics[t] }])), digest: f.digest };
}

/** The member's notification preferences, loaded and saved as one form. */
export function useNotificationPreferences() {
  const form = ref<PrefsForm>(toForm({ topics: {} }));
  const saved = ref('');
  const loading = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const dirty = computed(() => JSON.stringify(form.value) !== saved.value);

  function take(p: NotificationPrefs): void {
    form.value = toForm(p);
    saved.value = JSON.stringify(form.value);
  }

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      take(await emailApi.preferences());
    } catch (err) {
      error.value = errorMessage(err, 'Could not load your notification preferences.');
    } finally {
      loading.value = false;
    }
  }

  async function save(): Promise<void> {
    saving.value = true;
    error.value = null;
    notice.value = null;
    try {
      take(await emailApi.savePreferences(toPrefs(form.value)));
      notice.value = 'Your notification preferences are saved.';
    } catch (err) {
      error.value = errorMessage(err, 'Could not save your notification preferences.');
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    if (saved.value) form.value = JSON.parse(saved.value) as PrefsForm;
  }

  return { form, loading, saving, error, notice, dirty, load, save, reset };
}
