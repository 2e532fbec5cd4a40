import { onMounted, ref, watch } from 'vue';
import type { Activation, LeakResponse } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { analyticsApi } from '../api';

const PAGE = 50;

/** The advocacy leak for N days, its members page by page, and the one-click activations. */
export function useLeak() {
  const days = ref(90);
  const leak = ref<LeakResponse | null>(null);
  const members = ref<LeakResponse['members']>([]);
  const activations = ref<Activation[]>([]);
  const error = ref<string | null>(null);
  const activating = ref<string | null>(null);
  /** What to ask with: 'ladder' (the ready ladder) or a published challenge's id. */
  const ask = ref<string>('ladder');
  const challenges = ref<{ id: string; title: string }[]>([]);

  async function load(): Promise<void> {
    error.value = null;
    try {
      const [l, a] = await Promise.all([
        analyticsApi.leak({ days: days.value, limit: PAGE }),
        analyticsApi.activations(),
      ]);
      leak.value = l;
      members.value = l.members;
      activations.value = a.activations;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the advocacy leak.');
    }
  }

  async function more(): Promise<void> {
    const next = leak.value?.nextOffset;
    if (next === null || next === undefined) return;
    const page = await analyticsApi.leak({ days: days.value, limit: PAGE, offset: next });
    leak.value = { ...page, members: leak.value!.members };
    members.value = [...members.value, ...page.members];
  }

  /** One click: the cohort (of a segment, or everyone leaking) gets the ready ladder. A retry reuses the key. */
  async function activate(segmentId: string | null): Promise<Activation> {
    const key = crypto.randomUUID();
    activating.value = segmentId ?? 'all';
    try {
      const { activation } = await analyticsApi.activate(
        { days: days.value, segmentId, ...(ask.value === 'ladder' ? {} : { challengeId: ask.value }) },
        key,
      );
      await load();
      return activation;
    } finally {
      activating.value = null;
    }
  }

  watch(days, () => void load());
  onMounted(async () => {
    void load();
    try {
      challenges.value = (await analyticsApi.challenges()).challenges;
    } catch {
      challenges.value = [];
    }
  });
  return { days, ask, challenges, leak, members, activations, error, activating, load, more, activate };
}
