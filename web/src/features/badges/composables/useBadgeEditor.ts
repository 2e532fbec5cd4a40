import { computed, reactive, ref, watch } from 'vue';
import type { BadgeArtChoice as BadgeArt } from '@advocate-hub/shared/badge-art';
import { badgesApi, type Badge, type BadgeInput } from '../api';
import { draftFromRule, draftProblem, emptyRuleDraft, ruleFromDraft, type RuleDraft } from '../lib/badges';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useLiveResult } from '@/shared/composables/useLiveResult';

const RULE_FIELDS = ['type', 'challengeId', 'count', 'rank', 'weeks'] as const;
const FIELDS = ['name', 'description', 'art', 'imageUrl', ...RULE_FIELDS] as const;
export type BadgeEditorField = (typeof FIELDS)[number];

/** A new badge's look until the admin picks one. */
const DEFAULT_ART: BadgeArt = { design: 'star', tier: 'gold' };

export interface BadgeSaved {
  badge: Badge;
  /** Members who got a new badge at once; null for an edit. */
  backfilled: number | null;
}

/**
 * Create a badge (with a live count of who would get it now) or edit one. The rule is set once,
 * at creation; an edit changes the name, description, look (design and colour, or a picture) and
 * whether it is archived.
 */
export function useBadgeEditor() {
  const name = ref('');
  const description = ref('');
  const art = ref<BadgeArt>(DEFAULT_ART);
  const imageUrl = ref('');
  const archived = ref(false);
  const draft = reactive<RuleDraft>(emptyRuleDraft());
  const editing = ref<Badge | null>(null);
  const saving = ref(false);
  const errors = useFormErrors(FIELDS);

  const rule = computed(() => ruleFromDraft(draft));
  const live = useLiveResult(
    () => (editing.value || !rule.value || rule.value.type === 'manual' ? null : rule.value),
    (r, signal) => badgesApi.preview(r, signal),
    { failure: 'Could not count who would get it.' },
  );

  // A message about the rule no longer applies once the rule is changed.
  watch(draft, () => {
    for (const f of RULE_FIELDS) if (errors.fieldErrors.value[f]) errors.setField(f, null);
  });

  function reset(badge: Badge | null): void {
    editing.value = badge;
    name.value = badge?.name ?? '';
    description.value = badge?.description ?? '';
    art.value = badge?.art ?? DEFAULT_ART;
    imageUrl.value = badge?.imageUrl ?? '';
    archived.value = badge?.archived ?? false;
    Object.assign(draft, badge ? draftFromRule(badge.rule) : emptyRuleDraft());
    errors.clear();
  }

  function check(): Record<string, string> {
    const problems: Record<string, string> = {};
    const n = name.value.trim();
    if (!n) problems.name = 'Give the badge a name.';
    else if (n.length > 80) problems.name = 'Use at most 80 characters.';
    if (description.value.trim().length > 500) problems.description = 'Use at most 500 characters.';
    const ruleProblem = editing.value ? null : draftProblem(draft);
    if (ruleProblem) problems[ruleProblem.field] = ruleProblem.message;
    return problems;
  }

  /** Saves; null with the errors shown when it could not. */
  async function save(): Promise<BadgeSaved | null> {
    errors.clear();
    const problems = check();
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    const body: BadgeInput = {
      name: name.value.trim(),
      description: description.value.trim() || null,
      art: art.value,
      imageUrl: imageUrl.value.trim() || null,
    };
    saving.value = true;
    try {
      const existing = editing.value;
      if (existing) {
        const { badge } = await badgesApi.update(existing.id, { ...body, archived: archived.value });
        return { badge, backfilled: null };
      }
      return await badgesApi.create({ ...body, rule: rule.value! });
    } catch (err) {
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { name, description, art, imageUrl, archived, draft, editing, rule, live, saving, errors, reset, save };
}

export type BadgeEditor = ReturnType<typeof useBadgeEditor>;
