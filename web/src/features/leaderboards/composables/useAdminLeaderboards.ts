import { computed, ref, shallowRef } from 'vue';
import type { EventAudience, JoinCode } from '@advocate-hub/shared';
import { joinCodesApi } from '@/features/join-codes';
import { isApiError } from '@/shared/api/client';
import { LeaderboardCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { leaderboardsAdminApi, type EventBoard, type Season } from '../api';

function byStart<T extends { startsAt: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
}

/** The admin's leaderboard screen: staff inclusion, seasons, event boards and the join codes to pick from. */
export function useAdminLeaderboards() {
  const includeStaff = ref(false);
  const savingSettings = ref(false);
  const seasons = shallowRef<Season[]>([]);
  const events = shallowRef<EventBoard[]>([]);
  const joinCodes = shallowRef<JoinCode[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const settingsError = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [s, se, ev, jc] = await Promise.all([
        leaderboardsAdminApi.settings(),
        leaderboardsAdminApi.seasons(),
        leaderboardsAdminApi.events(),
        joinCodesApi.joinCodes(),
      ]);
      includeStaff.value = s.settings.includeStaff;
      seasons.value = se.seasons;
      events.value = ev.events;
      joinCodes.value = jc.joinCodes;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the leaderboard settings.');
    } finally {
      loading.value = false;
    }
  }

  async function setIncludeStaff(value: boolean): Promise<boolean> {
    const before = includeStaff.value;
    includeStaff.value = value;
    savingSettings.value = true;
    settingsError.value = null;
    try {
      includeStaff.value = (await leaderboardsAdminApi.saveSettings({ includeStaff: value })).settings.includeStaff;
      return true;
    } catch (err) {
      includeStaff.value = before;
      settingsError.value = errorMessage(err, 'Could not save the setting.');
      return false;
    } finally {
      savingSettings.value = false;
    }
  }

  function replaced<T extends { id: string }>(list: T[], item: T): T[] {
    return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
  }

  return {
    includeStaff,
    savingSettings,
    settingsError,
    seasons: computed(() => byStart(seasons.value)),
    events: computed(() => byStart(events.value)),
    joinCodes,
    loading,
    loaded,
    error,
    load,
    setIncludeStaff,
    upsertSeason: (s: Season) => (seasons.value = replaced(seasons.value, s)),
    upsertEvent: (e: EventBoard) => (events.value = replaced(events.value, e)),
    removeSeason: (id: string) => (seasons.value = seasons.value.filter((s) => s.id !== id)),
    removeEvent: (id: string) => (events.value = events.value.filter((e) => e.id !== id)),
  };
}

/** Start and end of a range form: both set and in order. */
function checkRange(startsAt: Date | null, endsAt: Date | null, problems: Record<string, string>): void {
  if (!startsAt) problems.startsAt = 'Choose when it starts.';
  if (!endsAt) problems.endsAt = 'Choose when it ends.';
  if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime())
    problems.endsAt = 'The end must be after the start.';
}

function checkName(name: string, problems: Record<string, string>): string {
  const n = name.trim();
  if (!n) problems.name = 'Give it a name.';
  else if (n.length > 80) problems.name = 'Use at most 80 characters.';
  return n;
}

/** Add or edit a season (an admin-defined date range that becomes a period of every board). */
export function useSeasonForm() {
  const name = ref('');
  const startsAt = ref<Date | null>(null);
  const endsAt = ref<Date | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(['name', 'startsAt', 'endsAt'] as const);

  function reset(season: Season | null): void {
    name.value = season?.name ?? '';
    startsAt.value = season ? new Date(season.startsAt) : null;
    endsAt.value = season ? new Date(season.endsAt) : null;
    errors.clear();
  }

  async function save(existing: Season | null): Promise<Season | null> {
    errors.clear();
    const problems: Record<string, string> = {};
    const n = checkName(name.value, problems);
    checkRange(startsAt.value, endsAt.value, problems);
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    const body = { name: n, startsAt: startsAt.value!.toISOString(), endsAt: endsAt.value!.toISOString() };
    saving.value = true;
    try {
      const { season } = existing
        ? await leaderboardsAdminApi.updateSeason(existing.id, body)
        : await leaderboardsAdminApi.createSeason(body);
      return season;
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { name, startsAt, endsAt, saving, errors, reset, save };
}

/** Add or edit an event board: a time-boxed board tied to a join code. */
export function useEventForm() {
  const name = ref('');
  const joinCodeId = ref<string | null>(null);
  const audience = ref<EventAudience>('code');
  const startsAt = ref<Date | null>(null);
  const endsAt = ref<Date | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(['name', 'joinCodeId', 'audience', 'startsAt', 'endsAt'] as const);

  function reset(event: EventBoard | null): void {
    name.value = event?.name ?? '';
    joinCodeId.value = event?.joinCodeId ?? null;
    audience.value = event?.audience ?? 'code';
    startsAt.value = event ? new Date(event.startsAt) : null;
    endsAt.value = event ? new Date(event.endsAt) : null;
    errors.clear();
  }

  async function save(existing: EventBoard | null): Promise<EventBoard | null> {
    errors.clear();
    const problems: Record<string, string> = {};
    const n = checkName(name.value, problems);
    if (!existing && !joinCodeId.value) problems.joinCodeId = 'Pick the join code people use at the event.';
    checkRange(startsAt.value, endsAt.value, problems);
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    const range = { startsAt: startsAt.value!.toISOString(), endsAt: endsAt.value!.toISOString() };
    saving.value = true;
    try {
      const { event } = existing
        ? await leaderboardsAdminApi.updateEvent(existing.id, { name: n, audience: audience.value, ...range })
        : await leaderboardsAdminApi.createEvent({
            name: n,
            joinCodeId: joinCodeId.value!,
            audience: audience.value,
            ...range,
          });
      return event;
    } catch (err) {
      if (isApiError(err, LeaderboardCodes.joinCodeNotFound)) {
        errors.setFields({ joinCodeId: 'This join code no longer exists. Pick another.' });
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { name, joinCodeId, audience, startsAt, endsAt, saving, errors, reset, save };
}
