import { ref } from 'vue';
import { moderationApi, type MemberAction, type ModerateMemberResponse } from '../api';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { SANCTION_PRESETS } from '../lib/moderation';

export type SanctionPreset = (typeof SANCTION_PRESETS)[number]['label'];

const DAY = 24 * 60 * 60 * 1000;

/**
 * Silence, suspend or lift: a reason (always), and for a sanction an optional end, typed or picked
 * from the presets (1, 7, 30 days, until lifted). The server refuses staff (403), shown as the
 * form's error.
 */
export function useSanctionForm() {
  const reason = ref('');
  const until = ref<Date | null>(null);
  const preset = ref<SanctionPreset | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(['reason', 'until'] as const);

  function choosePreset(label: SanctionPreset | null): void {
    preset.value = label;
    const days = SANCTION_PRESETS.find((p) => p.label === label)?.days;
    if (days === undefined) return;
    until.value = days === null ? null : new Date(Date.now() + days * DAY);
  }

  /** The end typed by hand: no preset names it any more (an empty end means “until lifted”). */
  function setUntil(value: Date | null): void {
    until.value = value;
    preset.value = value === null ? 'Until lifted' : null;
  }

  function reset(): void {
    reason.value = '';
    errors.clear();
    choosePreset('7 days');
  }

  async function save(memberId: string, action: MemberAction): Promise<ModerateMemberResponse | null> {
    errors.clear();
    const problems: Record<string, string> = {};
    const text = reason.value.trim();
    if (!text) problems.reason = 'Give a reason. The member sees it, and it is kept in the activity log.';
    else if (text.length > 500) problems.reason = 'Use at most 500 characters.';
    const end = action === 'lift' ? null : until.value;
    if (end && end.getTime() <= Date.now()) problems.until = 'Choose a time in the future, or “Until lifted”.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    saving.value = true;
    try {
      return await moderationApi.moderateMember(memberId, {
        action,
        reason: text,
        ...(end ? { until: end.toISOString() } : {}),
      });
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { reason, until, preset, saving, errors, choosePreset, setUntil, reset, save };
}
