import { ref, watch } from 'vue';
import type { EmailStatus } from '@advocate-hub/shared';
import { useCursorList } from '@/shared/composables/useCursorList';
import { useDebounced } from '@/shared/composables/useDebounced';
import { errorMessage } from '@/shared/lib/errors';
import { emailApi, type EmailMessage } from '../api';

export const statusLabel: Record<EmailStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  stored: 'Stored (no SMTP)',
};
export const statusSeverity: Record<EmailStatus, 'info' | 'success' | 'danger' | 'secondary'> = {
  queued: 'info',
  sent: 'success',
  failed: 'danger',
  stored: 'secondary',
};

/** The admin's outbox: messages newest first, by status and recipient; one opened; failed ones retried. */
export function useOutbox() {
  const q = ref('');
  const status = ref<EmailStatus | null>(null);
  const list = useCursorList(
    async (cursor) => {
      const page = await emailApi.messages({ status: status.value, q: q.value.trim(), cursor, limit: 50 });
      return { items: page.messages, nextCursor: page.nextCursor };
    },
    { load: 'Could not load the outbox.', more: 'Could not load more messages.' },
  );
  const reloadSoon = useDebounced(() => void list.reload(), 300);
  watch(q, reloadSoon);
  watch(status, () => void list.reload());

  const open = ref<EmailMessage | null>(null);
  const opening = ref<string | null>(null);
  const retrying = ref(false);
  const actionError = ref<string | null>(null);

  async function show(id: string): Promise<void> {
    opening.value = id;
    actionError.value = null;
    try {
      open.value = (await emailApi.message(id)).message;
    } catch (err) {
      actionError.value = errorMessage(err, 'Could not open this message.');
    } finally {
      opening.value = null;
    }
  }

  async function retry(id: string): Promise<void> {
    retrying.value = true;
    actionError.value = null;
    try {
      const { message } = await emailApi.retry(id);
      if (open.value?.id === id) open.value = message;
      list.replace(message);
    } catch (err) {
      actionError.value = errorMessage(err, 'Could not retry this message.');
    } finally {
      retrying.value = false;
    }
  }

  return { q, status, ...list, open, opening, retrying, actionError, show, retry };
}
