import { ref } from 'vue';
import { moderationApi, type ModeratePostResponse, type QueueItem } from '../api';
import { isApiError } from '@/shared/api/client';
import { ModerationCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useCursorList } from '@/shared/composables/useCursorList';
import { queueDecisions, type QueueDecision } from '../lib/moderation';

export type QueueDecideResult =
  { ok: true; post: ModeratePostResponse['post'] } | { ok: false; message: string; gone: boolean };

/**
 * The flag queue, highest score first: pages by offset (`nextCursor`), decisions that take the item
 * out, and a 409 (another moderator was quicker) that drops it too. The offset of the next page is
 * moved back by the items taken out since the last page, so none is skipped.
 */
export function useModerationQueue(pageSize = 25) {
  const total = ref<number | null>(null);
  const busyId = ref<string | null>(null);
  let removed = 0;

  const list = useCursorList<QueueItem>(
    async (cursor) => {
      const offset = cursor === null ? null : Math.max(0, Number(cursor) - removed);
      const page = await moderationApi.queue({ limit: pageSize, cursor: offset });
      removed = 0;
      total.value = page.total;
      return { items: page.items, nextCursor: page.nextCursor };
    },
    { load: 'Could not load the queue.', more: 'Could not load more of the queue.' },
  );

  function take(item: QueueItem): void {
    if (!list.items.value.some((i) => i.id === item.id)) return;
    list.items.value = list.items.value.filter((i) => i.id !== item.id);
    removed += 1;
    if (total.value !== null) total.value = Math.max(0, total.value - 1);
    list.afterLocalChange();
  }

  async function decide(item: QueueItem, decision: QueueDecision, reason: string): Promise<QueueDecideResult> {
    busyId.value = item.id;
    try {
      const text = reason.trim();
      const { post } = await moderationApi.moderatePost(item.post.id, {
        ...queueDecisions[decision].body,
        ...(text ? { reason: text } : {}),
      });
      take(item);
      return { ok: true, post };
    } catch (err) {
      const gone = isApiError(err, ModerationCodes.conflict) || isApiError(err, ModerationCodes.queueItemNotFound);
      if (gone) take(item);
      return { ok: false, message: errorMessage(err, 'Could not save the decision.'), gone };
    } finally {
      busyId.value = null;
    }
  }

  return { ...list, total, busyId, decide };
}
