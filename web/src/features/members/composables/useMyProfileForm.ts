import { computed, ref, watch } from 'vue';
import type { MeMember, MemberEditableField, UpdateMeBody } from '@advocate-hub/shared';
import { useSessionStore } from '@/features/auth';
import { useProgramStore } from '@/features/program';
import { isApiError } from '@/shared/api/client';
import { Codes } from '@/shared/lib/codes';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { meApi } from '../api';
import { profileValuesOf } from './useMemberProfileForm';

const TEXT_FIELDS = ['name', 'company', 'title', 'industry', 'region', 'persona'] as const;
const FIELDS = [...TEXT_FIELDS, 'products', 'timezone'] as const;
export type MyProfileField = (typeof FIELDS)[number];

export interface MyProfileValues {
  name: string;
  company: string;
  title: string;
  industry: string;
  region: string;
  persona: string;
  products: string[];
  timezone: string | null;
}

/** Labels of the fields a program may let members edit. */
export const EDITABLE_FIELD_LABELS: Record<MemberEditableField, string> = {
  company: 'Company',
  title: 'Job title',
  industry: 'Industry',
  region: 'Region',
  persona: 'Role or persona',
  products: 'Products you use',
};

const valuesOf = (m: MeMember | null): MyProfileValues => profileValuesOf(m);

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The member's own profile form: name and time zone always, and the fields the program lets members
 * edit (program setting). Sends only what changed; errors land on their fields.
 */
export function useMyProfileForm() {
  const session = useSessionStore();
  const program = useProgramStore();
  const values = ref<MyProfileValues>(valuesOf(session.me));
  const initial = ref<MyProfileValues>(valuesOf(session.me));
  const saving = ref(false);
  const saved = ref(false);
  const errors = useFormErrors(FIELDS);

  const editable = computed<MemberEditableField[]>(() => program.program.memberEditableFields ?? ['company', 'title']);
  const canEdit = (f: MemberEditableField) => editable.value.includes(f);

  function reset(): void {
    values.value = valuesOf(session.me);
    initial.value = valuesOf(session.me);
    errors.clear();
  }
  watch(
    () => session.me,
    () => {
      if (!saving.value && !dirty.value) reset();
    },
  );

  const changes = computed<UpdateMeBody>(() => {
    const body: Record<string, unknown> = {};
    const v = values.value;
    const before = initial.value;
    for (const f of TEXT_FIELDS) {
      if (f !== 'name' && !canEdit(f)) continue;
      const next = v[f].trim();
      if (next !== before[f].trim()) body[f] = next;
    }
    if (canEdit('products') && !sameList(v.products, before.products)) body.products = v.products;
    if (v.timezone !== before.timezone) body.timezone = v.timezone ?? '';
    return body as UpdateMeBody;
  });
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  async function save(): Promise<boolean> {
    errors.clear();
    saved.value = false;
    const body = changes.value;
    if (body.name !== undefined && !body.name) {
      errors.setFields({ name: 'Enter your name.' });
      return false;
    }
    if (!dirty.value) return true;
    saving.value = true;
    try {
      const member = await meApi.update(body);
      session.setMember(member);
      values.value = valuesOf(member);
      initial.value = valuesOf(member);
      saved.value = true;
      return true;
    } catch (err) {
      if (isApiError(err, Codes.invalidTimezone)) {
        errors.setFields({ timezone: 'This time zone is not known. Choose one from the list.' });
      } else if (isApiError(err, Codes.fieldNotEditable)) {
        // The program changed what members may edit while the page was open: show the latest.
        const fields = ((err.details as { fields?: Record<string, string> } | null)?.fields ?? {}) as Record<
          string,
          string
        >;
        errors.setFields(fields, 'The program team manages some of these fields now.');
      } else if (isApiError(err, Codes.validation)) {
        const fields: Record<string, string> = {};
        for (const [key, message] of Object.entries(err.fieldErrors)) fields[key.split('.')[0]!] ??= message;
        errors.setFields(fields);
      } else errors.fromError(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { values, saving, saved, errors, editable, canEdit, dirty, reset, save };
}
