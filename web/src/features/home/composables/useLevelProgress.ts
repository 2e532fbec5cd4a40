import { computed, type Ref } from 'vue';
import type { MeMember } from '@advocate-hub/shared';

/** Progress from zero lifetime points towards the next level's threshold. */
export function useLevelProgress(member: Ref<MeMember | null>) {
  const next = computed(() => member.value?.nextLevel ?? null);
  const pointsToNext = computed(() => {
    const m = member.value;
    if (!m?.nextLevel) return 0;
    return Math.max(0, m.nextLevel.threshold - m.lifetime);
  });
  const percent = computed(() => {
    const m = member.value;
    if (!m) return 0;
    if (!m.nextLevel) return 100;
    if (m.nextLevel.threshold <= 0) return 100;
    return Math.min(100, Math.max(0, Math.round((m.lifetime / m.nextLevel.threshold) * 100)));
  });
  return { next, pointsToNext, percent };
}
