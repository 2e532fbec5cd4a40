import { ref, watch } from 'vue';
import type { CompletionStatus } from '@advocate-hub/shared';
import { completionsApi, type ReviewDecision, type ReviewItem } from '../api';
import type { LedgerChange } from '@/features/ledger';
import { isApiError } from '@/shared/api/client';
import { EngineCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useCursorList } from '@/shared/composables/useCursorList';
import { useQueryTab } from '@/shared/composables/useQueryTab';

export const REVIEW_TABS: readonly CompletionStatus[] = ['pending', 'approved', 'rejected', 'retry'];

const decisionStatus: Record<ReviewDecision, CompletionStatus> = {
  approve: 'approved',
  reject: 'rejected',
  retry: 'retry',
};

export type DecideResult = { ok: true; review: ReviewItem } | { ok: false; message: string; gone: boolean };

/**
 * The review queue: one status at a time (kept in `?status=`), the total of every status for the
 * tab counts, decisions that take the item out of the pending list, and reversals of approvals.
 */
export function useReviewQueue(pageSize = 25) {
  const status = useQueryTab<CompletionStatus>(REVIEW_TABS, 'pending', 'status');

  const counts = ref<Partial<Record<CompletionStatus, number>>>({});
  const busyId = ref<string | null>(null);
  /** Approvals reversed in this session, before the list is reloaded (items also carry `reversedAt`). */
  const reversed = ref<Set<string>>(new Set());

  async function loadCounts(): Promise<void> {
    const others = REVIEW_TABS.filter((s) => s !== status.value);
    const pages = await Promise.allSettled(others.map((s) => completionsApi.reviews({ status: s, limit: 1 })));
    const next = { ...counts.value };
    pages.forEach((p, i) => {
      const s = others[i];
      if (s && p.status === 'fulfilled') next[s] = p.value.total;
    });
    counts.value = next;
  }

  const list = useCursorList<ReviewItem>(
    async (cursor) => {
      const current = status.value;
      const page = await completionsApi.reviews({ status: current, limit: pageSize, cursor });
      counts.value = { ...counts.value, [current]: page.total };
      if (cursor === null) void loadCounts();
      return { items: page.reviews, nextCursor: page.nextCursor };
    },
    { load: 'Could not load the reviews.', more: 'Could not load more reviews.' },
  );
  const { items: reviews, nextCursor, loaded, loading, loadingMore, error, reload: load, loadMore } = list;

  function bump(s: CompletionStatus, by: number): void {
    const n = counts.value[s];
    if (n !== undefined) counts.value = { ...counts.value, [s]: Math.max(0, n + by) };
  }

  function take(item: ReviewItem): void {
    reviews.value = reviews.value.filter((r) => r.id !== item.id);
    list.afterLocalChange();
  }

  async function decide(item: ReviewItem, decision: ReviewDecision, feedback: string): Promise<DecideResult> {
    busyId.value = item.id;
    try {
      const text = feedback.trim();
      const { review } = await completionsApi.decideReview(item.id, text ? { decision, feedback: text } : { decision });
      if (item.status !== review.status) {
        take(item);
        bump(item.status, -1);
        bump(decisionStatus[decision], 1);
      }
      return { ok: true, review };
    } catch (err) {
      const gone = isApiError(err, EngineCodes.reviewAlreadyDecided);
      if (gone) {
        take(item);
        void loadCounts();
        bump(item.status, -1);
      }
      return { ok: false, message: errorMessage(err, 'Could not save the decision.'), gone };
    } finally {
      busyId.value = null;
    }
  }

  async function reverse(item: ReviewItem, reason: string): Promise<LedgerChange> {
    const change = await completionsApi.reverseCompletion(item.id, reason);
    reversed.value = new Set([...reversed.value, item.id]);
    return change;
  }

  watch(status, () => {
    reviews.value = [];
    nextCursor.value = null;
    loaded.value = false;
    void load();
  });

  return {
    status,
    reviews,
    nextCursor,
    counts,
    loading,
    loaded,
    loadingMore,
    error,
    busyId,
    reversed,
    load,
    loadMore,
    decide,
    reverse,
  };
}
