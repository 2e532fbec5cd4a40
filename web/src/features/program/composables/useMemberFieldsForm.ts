import { computed, ref } from 'vue';
import type { MemberEditableField, Program } from '@advocate-hub/shared';
import { useProgramStore } from '../store';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useProgramSave } from './useProgramSave';

/** The profile fields members may edit themselves (besides name and time zone, which they always may). */
export function useMemberFieldsForm() {
  const programStore = useProgramStore();
  const fields = ref<MemberEditableField[]>([]);
  const errors = useFormErrors(['memberEditableFields'] as const);
  const savedFields = (p: Program) => [...(p.memberEditableFields ?? ['company', 'title'])].sort();

  function reset(from: Program = programStore.program): void {
    fields.value = savedFields(from);
    errors.clear();
  }
  const { saving, send } = useProgramSave(reset, errors.fromError);
  const dirty = computed(() => {
    const a = [...fields.value].sort();
    const b = savedFields(programStore.program);
    return a.length !== b.length || a.some((v, i) => v !== b[i]);
  });

  function save(): Promise<Program | null> {
    errors.clear();
    return send({ memberEditableFields: fields.value });
  }

  return { fields, saving, errors, dirty, reset, save };
}
