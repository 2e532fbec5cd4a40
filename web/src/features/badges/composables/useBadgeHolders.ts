import { computed, ref, shallowRef } from 'vue';
import type { AdminMember } from '@advocate-hub/shared';
import { membersApi } from '@/features/members';
import { isApiError } from '@/shared/api/client';
import { badgesApi, type BadgeHolder } from '../api';
import { BadgeCodes } from '../lib/badges';
import { errorMessage } from '@/shared/lib/errors';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useLiveResult } from '@/shared/composables/useLiveResult';

export const MIN_REASON = 3;

/** A reason the server will take (3 to 500 characters), or the message to show. */
export function reasonProblem(reason: string): string | null {
  const r = reason.trim();
  if (r.length < MIN_REASON) return 'Give a reason of at least 3 characters.';
  if (r.length > 500) return 'Use at most 500 characters.';
  return null;
}

/**
 * Who holds one badge (and who had it, revoked): current holders first, each part newest first.
 * `show(id)` follows a badge, `show(null)` lets it go; `reload()` asks again after a change.
 */
export function useBadgeHolders() {
  const badgeId = ref<string | null>(null);
  const live = useLiveResult(
    () => badgeId.value,
    async (id, signal) => ({ id, holders: (await badgesApi.holders(id, signal)).holders }),
    { ms: 0, failure: 'Could not load who holds this badge.' },
  );

  /** Only an answer about the badge shown now counts (the last one stays while the next loads). */
  const holders = computed<BadgeHolder[]>(() =>
    live.result.value && live.result.value.id === badgeId.value ? live.result.value.holders : [],
  );
  const current = computed(() => holders.value.filter((h) => !h.revokedAt));
  const listed = computed(() => [...current.value, ...holders.value.filter((h) => h.revokedAt)]);
  const heldBy = computed(() => new Set(current.value.map((h) => h.memberId)));
  const loading = computed(() => live.status.value === 'pending');
  const error = computed(() => (live.status.value === 'error' ? live.error.value : null));

  function show(id: string | null): void {
    badgeId.value = id;
  }

  return { holders, listed, current, heldBy, loading, error, show, reload: live.retry };
}

/** Members matching a search, for the award form's AutoComplete (a newer search cancels the older). */
export function useMemberSearch() {
  const suggestions = shallowRef<AdminMember[]>([]);
  const error = ref<string | null>(null);
  let controller: AbortController | null = null;

  async function search(q: string): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    error.value = null;
    try {
      suggestions.value = (await membersApi.members({ q, limit: 10 }, mine.signal)).members;
    } catch (err) {
      if (mine.signal.aborted) return;
      suggestions.value = [];
      error.value = errorMessage(err, 'Could not search the members.');
    }
  }

  return { suggestions, error, search };
}

/** Award a badge by hand, or revoke it: one member, one required reason. */
export function useBadgeGrantForm(action: 'award' | 'revoke') {
  const reason = ref('');
  const saving = ref(false);
  const errors = useFormErrors(['member', 'reason'] as const);

  function reset(): void {
    reason.value = '';
    errors.clear();
  }

  /** True when done; false with the errors shown. */
  async function submit(badgeId: string, member: { memberId: string } | null): Promise<boolean> {
    errors.clear();
    const problems: Record<string, string> = {};
    if (!member) problems.member = 'Pick a member from the list.';
    const bad = reasonProblem(reason.value);
    if (bad) problems.reason = bad;
    if (!member || bad) {
      errors.setFields(problems);
      return false;
    }
    saving.value = true;
    try {
      const call = action === 'award' ? badgesApi.award : badgesApi.revoke;
      await call(badgeId, member.memberId, reason.value.trim());
      return true;
    } catch (err) {
      if (isApiError(err, BadgeCodes.badgeAlreadyHeld))
        errors.setFields({ member: 'This member already holds the badge.' });
      else if (isApiError(err, BadgeCodes.badgeNotHeld))
        errors.formError.value = 'This member no longer holds the badge.';
      else errors.fromError(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { reason, saving, errors, reset, submit };
}
