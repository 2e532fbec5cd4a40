import { computed, ref } from 'vue';
import { levelsApi, type Level, type LevelInput } from '../api';
import { isApiError } from '@/shared/api/client';
import { EngineCodes } from '@/shared/lib/codes';
import { errorMessage } from '@/shared/lib/errors';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** The program's levels, lowest threshold first. */
export function useAdminLevels() {
  const levels = ref<Level[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  const sorted = computed(() => [...levels.value].sort((a, b) => a.threshold - b.threshold));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      levels.value = (await levelsApi.levels()).levels;
      loaded.value = true;
    } catch (err) {
      error.value = errorMessage(err, 'Could not load the levels.');
    } finally {
      loading.value = false;
    }
  }

  function upsert(level: Level): void {
    const i = levels.value.findIndex((l) => l.id === level.id);
    if (i >= 0) levels.value.splice(i, 1, level);
    else levels.value.push(level);
  }

  function remove(id: string): void {
    levels.value = levels.value.filter((l) => l.id !== id);
  }

  return { levels: sorted, loading, loaded, error, load, upsert, remove };
}

/** Add or edit one level. Privileges are typed one per line. */
export function useLevelForm() {
  const name = ref('');
  const threshold = ref<number | null>(null);
  const description = ref('');
  const privileges = ref('');
  const saving = ref(false);
  const errors = useFormErrors(['name', 'threshold', 'description', 'privileges'] as const);

  function reset(level: Level | null): void {
    name.value = level?.name ?? '';
    threshold.value = level?.threshold ?? null;
    description.value = level?.description ?? '';
    privileges.value = level?.privileges.join('\n') ?? '';
    errors.clear();
  }

  function body(): LevelInput | null {
    const problems: Record<string, string> = {};
    const n = name.value.trim();
    if (!n) problems.name = 'Give the level a name.';
    else if (n.length > 60) problems.name = 'Use at most 60 characters.';
    if (threshold.value === null || !Number.isInteger(threshold.value) || threshold.value < 0) {
      problems.threshold = 'Enter the lifetime points needed, 0 or more.';
    }
    const list = privileges.value
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    if (list.length > 20) problems.privileges = 'List at most 20 privileges.';
    else if (list.some((p) => p.length > 200)) problems.privileges = 'Keep each privilege under 200 characters.';
    if (description.value.trim().length > 500) problems.description = 'Use at most 500 characters.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    return {
      name: n,
      threshold: threshold.value ?? 0,
      description: description.value.trim() || null,
      privileges: list,
    };
  }

  async function save(existing: Level | null): Promise<Level | null> {
    errors.clear();
    const input = body();
    if (!input) return null;
    saving.value = true;
    try {
      const { level } = existing ? await levelsApi.updateLevel(existing.id, input) : await levelsApi.createLevel(input);
      return level;
    } catch (err) {
      if (isApiError(err, EngineCodes.levelThresholdTaken)) {
        errors.setFields({ threshold: 'Another level already starts at this number of points. Choose another.' });
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { name, threshold, description, privileges, saving, errors, reset, save };
}
