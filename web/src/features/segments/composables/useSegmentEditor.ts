import { computed, reactive, ref, type InjectionKey } from 'vue';
import type { Segment, SegmentRule, SegmentValuesResponse } from '@advocate-hub/shared';
import { isApiError } from '@/shared/api/client';
import { segmentsApi } from '../api';
import {
  SegmentCodes,
  conditionProblem,
  fromCondition,
  newCondition,
  toRule,
  type ConditionDraft,
  type SuggestedField,
} from '../lib/segments';
import { useRuleNames } from './useAdminSegments';
import { useEditorLoad } from '@/shared/composables/useEditorForm';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useLiveResult } from '@/shared/composables/useLiveResult';

export type ValueSuggestions = Partial<Record<SuggestedField, { value: string; count: number }[]>>;

interface SegmentDraft {
  name: string;
  description: string;
  match: SegmentRule['match'];
  conditions: ConditionDraft[];
}

function snapshotOf(d: SegmentDraft): string {
  return JSON.stringify({
    name: d.name.trim(),
    description: d.description.trim(),
    match: d.match,
    conditions: d.conditions.map(({ key: _key, ...rest }) => rest),
  });
}

/**
 * Create or edit one segment: the form, the live "N of M members match" for the rule as it is
 * edited (only complete rules are sent), the lists the value pickers offer, and saving.
 */
export function useSegmentEditor() {
  const draft = reactive<SegmentDraft>({ name: '', description: '', match: 'all', conditions: [] });
  const id = ref<string | null>(null);
  const { loading, loadError, notFound, ...loader } = useEditorLoad();
  const saving = ref(false);
  const showProblems = ref(false);
  const errors = useFormErrors(['name', 'description'] as const);
  const snapshot = ref(snapshotOf(draft));

  const { levels, groups, levelsError, groupsError, loadLevels, loadGroups } = useRuleNames();
  const suggestions = ref<ValueSuggestions>({});

  const rule = computed(() => toRule(draft.match, draft.conditions));
  const problems = computed(() => draft.conditions.map((row) => conditionProblem(row)));
  const incomplete = computed(() => problems.value.filter(Boolean).length);
  const dirty = computed(() => snapshotOf(draft) !== snapshot.value);

  const preview = useLiveResult(
    () => rule.value,
    (r, signal) => segmentsApi.preview(r, signal),
    { failure: 'Could not count the matching members.' },
  );

  function adopt(segment: Segment | null): void {
    id.value = segment?.id ?? null;
    draft.name = segment?.name ?? '';
    draft.description = segment?.description ?? '';
    draft.match = segment?.rule.match ?? 'all';
    draft.conditions = (segment?.rule.conditions ?? []).map(fromCondition);
    snapshot.value = snapshotOf(draft);
    showProblems.value = false;
    errors.clear();
  }

  async function load(segmentId: string): Promise<void> {
    await loader.run(
      async () => adopt((await segmentsApi.get(segmentId)).segment),
      (err) =>
        isApiError(err, SegmentCodes.notFound) || (isApiError(err) && (err.status === 404 || err.status === 400)),
      'Could not load this segment.',
    );
  }

  async function loadSuggestions(): Promise<void> {
    try {
      const fields: SegmentValuesResponse['fields'] = (await segmentsApi.values()).fields;
      suggestions.value = fields;
    } catch {
      // Suggestions only help; values can still be typed.
    }
  }

  /** Levels, groups and value suggestions for the pickers: best effort, the form works without them. */
  async function loadOptions(): Promise<void> {
    await Promise.all([loadLevels(), loadGroups(), loadSuggestions()]);
  }

  // ——— Rows ———

  function addCondition(): ConditionDraft {
    const row = newCondition();
    draft.conditions.push(row);
    return row;
  }

  function removeCondition(key: string): void {
    draft.conditions = draft.conditions.filter((c) => c.key !== key);
  }

  // ——— Saving ———

  function check(): boolean {
    errors.clear();
    const name = draft.name.trim();
    const description = draft.description.trim();
    const fields: Record<string, string> = {};
    if (!name) fields.name = 'Give the segment a name.';
    else if (name.length > 80) fields.name = 'Use at most 80 characters.';
    if (description.length > 500) fields.description = 'Use at most 500 characters.';
    if (incomplete.value > 0) {
      showProblems.value = true;
      fields.rule =
        incomplete.value === 1
          ? 'One condition is not finished. Complete it or remove it.'
          : `${incomplete.value} conditions are not finished. Complete them or remove them.`;
    }
    if (Object.keys(fields).length === 0) return true;
    errors.setFields(fields);
    return false;
  }

  /** Returns the saved segment, or null with the errors shown. */
  async function save(): Promise<Segment | null> {
    if (!check() || !rule.value) return null;
    saving.value = true;
    try {
      const body = {
        name: draft.name.trim(),
        description: draft.description.trim() || null,
        rule: rule.value,
      };
      const { segment } = id.value ? await segmentsApi.update(id.value, body) : await segmentsApi.create(body);
      adopt(segment);
      return segment;
    } catch (err) {
      if (isApiError(err, SegmentCodes.nameTaken)) {
        errors.clear();
        errors.setFields({ name: 'Another segment already has this name. Choose another.' });
      } else if (isApiError(err, SegmentCodes.unknownReference)) {
        errors.clear();
        errors.formError.value =
          'A level or group in the conditions no longer exists. The lists were reloaded: choose again.';
        await Promise.all([loadLevels(), loadGroups()]);
        dropUnknownReferences();
      } else if (isApiError(err, SegmentCodes.notFound)) {
        errors.clear();
        errors.formError.value = 'This segment was deleted by someone else. Go back to the list.';
      } else {
        errors.fromError(err);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  function dropUnknownReferences(): void {
    const knownLevels = new Set(levels.value.map((l) => l.id));
    const knownGroups = new Set(groups.value.map((g) => g.id));
    for (const row of draft.conditions) {
      if (row.levelId && !levelsError.value && !knownLevels.has(row.levelId)) row.levelId = null;
      if (!groupsError.value) row.groupIds = row.groupIds.filter((g) => knownGroups.has(g));
    }
    showProblems.value = true;
  }

  return {
    draft,
    id,
    loading,
    loadError,
    notFound,
    saving,
    showProblems,
    errors,
    dirty,
    rule,
    problems,
    incomplete,
    preview,
    levels,
    groups,
    levelsError,
    groupsError,
    suggestions,
    adopt,
    load,
    loadOptions,
    loadGroups,
    loadLevels,
    addCondition,
    removeCondition,
    save,
  };
}

export type SegmentEditor = ReturnType<typeof useSegmentEditor>;
export const SegmentEditorKey: InjectionKey<SegmentEditor> = Symbol('segment-editor');
