import { computed, ref } from 'vue';
import { moderationApi, type ModerationSummary } from '../api';
import { errorMessage } from '@/shared/lib/errors';
import { formatAge } from '../lib/moderation';
import { formatNumber } from '@/shared/lib/format';

/** One thing on the moderator's plate, most urgent first. */
export interface AttentionItem {
  id: string;
  tone: 'warn' | 'info';
  text: string;
  link?: { to: string; label: string };
}

const DAY = 24 * 60 * 60 * 1000;

/** What needs attention first, from the summary: hidden posts, old items, the rest of the queue. */
export function attentionFor(s: ModerationSummary, now = Date.now()): AttentionItem[] {
  const out: AttentionItem[] = [];
  if (s.hidden > 0) {
    out.push({
      id: 'hidden',
      tone: 'warn',
      text:
        s.hidden === 1
          ? '1 post is hidden by flags and waits for your decision. Until you decide, only its author and moderators see it.'
          : `${formatNumber(s.hidden)} posts are hidden by flags and wait for your decision. Until you decide, only their authors and moderators see them.`,
    });
  }
  if (s.oldestOpenAt && now - Date.parse(s.oldestOpenAt) > DAY) {
    out.push({
      id: 'oldest',
      tone: 'warn',
      text: `The oldest open item has waited ${formatAge(s.oldestOpenAt, now)}.`,
    });
  }
  const visible = s.open - s.hidden;
  if (visible > 0) {
    out.push({
      id: 'visible',
      tone: 'info',
      text:
        visible === 1
          ? '1 flagged post is still visible: check whether it should stay.'
          : `${formatNumber(visible)} flagged posts are still visible: check whether they should stay.`,
    });
  }
  if (s.activeSanctions > 0) {
    out.push({
      id: 'sanctions',
      tone: 'info',
      text:
        s.activeSanctions === 1
          ? '1 member is silenced or suspended now.'
          : `${formatNumber(s.activeSanctions)} members are silenced or suspended now.`,
      link: { to: '/moderation/sanctions', label: 'Review the sanctions' },
    });
  }
  return out;
}

/** The moderator's numbers: open items, hidden ones, the oldest, sanctions and recent decisions. */
export function useModerationSummary() {
  const summary = ref<ModerationSummary | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      summary.value = await moderationApi.summary();
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the moderation summary.');
    } finally {
      loading.value = false;
    }
  }

  const attention = computed(() => (summary.value ? attentionFor(summary.value) : []));

  return { summary, attention, loading, error, load };
}
