import { computed, ref, watch } from 'vue';
import type { AdminMember, UpdateMemberProfileBody } from '@advocate-hub/shared';
import { membersApi } from '../api';
import { isApiError } from '@/shared/api/client';
import { Codes } from '@/shared/lib/codes';
import { useFormErrors } from '@/shared/composables/useFormErrors';

/** Limits of `UpdateMemberProfileBody` (shared), repeated here so the zod contract stays out of the bundle. */
export const PROFILE_LIMITS = { text: 120, chip: 60, chips: 30 } as const;

const TEXT_FIELDS = ['name', 'company', 'title', 'industry', 'region', 'persona'] as const;
const LIST_FIELDS = ['products', 'tags'] as const;
const FIELDS = [...TEXT_FIELDS, ...LIST_FIELDS, 'timezone', 'trusted'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type ListField = (typeof LIST_FIELDS)[number];
export type ProfileField = (typeof FIELDS)[number];

export interface ProfileValues {
  name: string;
  company: string;
  title: string;
  industry: string;
  region: string;
  persona: string;
  products: string[];
  tags: string[];
  timezone: string | null;
  trusted: boolean;
}

type ProfileSource = Partial<
  Record<'name' | 'company' | 'title' | 'industry' | 'region' | 'persona' | 'timezone', string | null>
> & {
  products?: string[];
};

/** The form values a member's profile fields start from (the admin's form and the member's own). */
export function profileValuesOf(m: ProfileSource | null) {
  return {
    name: m?.name ?? '',
    company: m?.company ?? '',
    title: m?.title ?? '',
    industry: m?.industry ?? '',
    region: m?.region ?? '',
    persona: m?.persona ?? '',
    products: [...(m?.products ?? [])],
    timezone: m?.timezone ?? null,
  };
}

function valuesOf(m: AdminMember | null): ProfileValues {
  return { ...profileValuesOf(m), tags: [...(m?.tags ?? [])], trusted: m?.trusted ?? false };
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Edit a member's profile: sends only the fields that changed; errors land on their fields. */
export function useMemberProfileForm() {
  const values = ref<ProfileValues>(valuesOf(null));
  const initial = ref<ProfileValues>(valuesOf(null));
  const saving = ref(false);
  const errors = useFormErrors(FIELDS);

  /** Sets or clears one field's message; the form-level summary goes once no field has one. */
  function setFieldError(field: ProfileField, message: string | null): void {
    errors.setField(field, message);
    if (!errors.hasFieldErrors.value) errors.formError.value = null;
  }

  // Editing a field clears its error.
  for (const f of FIELDS) {
    watch(
      () => values.value[f],
      () => {
        if (errors.fieldErrors.value[f]) setFieldError(f, null);
      },
      { deep: true },
    );
  }

  function reset(member: AdminMember | null): void {
    values.value = valuesOf(member);
    initial.value = valuesOf(member);
    errors.clear();
  }

  /** The PATCH body: changed fields only (text trimmed; the server turns '' into null). */
  const changes = computed<UpdateMemberProfileBody>(() => {
    const body: UpdateMemberProfileBody = {};
    const v = values.value;
    const before = initial.value;
    for (const f of TEXT_FIELDS) {
      const next = v[f].trim();
      if (next !== before[f].trim()) (body as Record<TextField, string>)[f] = next;
    }
    for (const f of LIST_FIELDS) if (!sameList(v[f], before[f])) (body as Record<ListField, string[]>)[f] = v[f];
    if (v.timezone !== before.timezone) body.timezone = v.timezone;
    if (v.trusted !== before.trusted) body.trusted = v.trusted;
    return body;
  });

  /**
   * Saves; `null` on error (shown through `errors`), the member unchanged when nothing was edited.
   * `pending` holds problems found outside the values (text in a chips field that cannot be added).
   */
  async function save(
    member: AdminMember,
    pending: Partial<Record<ProfileField, string>> = {},
  ): Promise<{ member: AdminMember; changed: boolean } | null> {
    errors.clear();
    const body = changes.value;
    const problems: Record<string, string> = { ...pending };
    if (body.name !== undefined && !body.name) problems.name = 'Enter a name.';
    if (Object.keys(problems).length > 0) {
      errors.setFields(problems);
      return null;
    }
    if (Object.keys(body).length === 0) return { member, changed: false };
    saving.value = true;
    try {
      const { member: updated } = await membersApi.updateProfile(member.id, body);
      return { member: updated, changed: true };
    } catch (err) {
      if (isApiError(err, Codes.validation)) {
        // `tags.3` → `tags`: one message per field, the first one.
        const fields: Record<string, string> = {};
        for (const [key, message] of Object.entries(err.fieldErrors)) fields[key.split('.')[0]!] ??= message;
        if (Object.keys(fields).length > 0) {
          errors.setFields(fields);
          return null;
        }
      }
      if (isApiError(err, Codes.invalidTimezone)) {
        errors.setFields({ timezone: 'This time zone is not known. Choose one from the list.' });
        return null;
      }
      errors.fromError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { values, saving, errors, changes, reset, save, setFieldError };
}
