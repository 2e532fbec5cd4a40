import { computed } from 'vue';
import { moderationApi } from '../api';
import { useDetail } from '@/shared/composables/useDetail';

/**
 * A member's community record for a moderator: profile, counts, recent posts, flags against them,
 * sanctions; fetched again when the id changes or after an action.
 */
export function useMemberHistory(id: () => string) {
  const detail = useDetail(
    id,
    { find: () => null, fetchOne: (memberId, signal) => moderationApi.memberHistory(memberId, signal) },
    'Could not load this member’s history.',
  );
  const history = detail.item;

  const activeSanctions = computed(() => history.value?.sanctions.filter((s) => s.active) ?? []);
  const pastSanctions = computed(() => history.value?.sanctions.filter((s) => !s.active) ?? []);
  /** Something to lift: an active sanction, or a silence or suspension the member still carries. */
  const canLift = computed(() => {
    const m = history.value?.member;
    return activeSanctions.value.length > 0 || !!m?.silenced || m?.status === 'suspended';
  });

  return { ...detail, history, activeSanctions, pastSanctions, canLift };
}
