import { computed, ref } from 'vue';
import { UpdateProgramBody, type Program } from '@advocate-hub/shared';
import { normaliseHex } from '../lib/palette';
import { useProgramStore } from '../store';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useProgramSave } from './useProgramSave';

/** Edit the program's branding; saving re-themes the whole app through the program store. */
export function useBrandingForm() {
  const programStore = useProgramStore();
  const name = ref('');
  const tagline = ref('');
  const logoUrl = ref('');
  const accentColor = ref('');
  const errors = useFormErrors(['name', 'tagline', 'logoUrl', 'accentColor'] as const);

  function reset(from: Program = programStore.program): void {
    name.value = from.name;
    tagline.value = from.tagline ?? '';
    logoUrl.value = from.logoUrl ?? '';
    accentColor.value = from.accentColor;
    errors.clear();
  }
  const { saving, send } = useProgramSave(reset, errors.fromError);

  /** The colour to preview: the typed hex when it is one, else the saved colour. */
  const previewAccent = computed(() => normaliseHex(accentColor.value) ?? programStore.program.accentColor);

  function candidate() {
    return {
      name: name.value.trim(),
      tagline: tagline.value.trim() || null,
      logoUrl: logoUrl.value.trim() || null,
      accentColor: normaliseHex(accentColor.value) ?? accentColor.value.trim(),
    };
  }

  const changes = computed(() => {
    const next = candidate();
    const saved = programStore.program;
    const body: Partial<typeof next> = {};
    if (next.name !== saved.name) body.name = next.name;
    if (next.tagline !== saved.tagline) body.tagline = next.tagline;
    if (next.logoUrl !== saved.logoUrl) body.logoUrl = next.logoUrl;
    if (next.accentColor.toLowerCase() !== saved.accentColor.toLowerCase()) body.accentColor = next.accentColor;
    return body;
  });
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  async function save(): Promise<Program | null> {
    errors.clear();
    const parsed = UpdateProgramBody.safeParse(changes.value);
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      if (errors.fieldErrors.value.name && !name.value.trim()) errors.setField('name', 'Give the program a name.');
      return null;
    }
    return send(parsed.data);
  }

  return { name, tagline, logoUrl, accentColor, previewAccent, saving, errors, dirty, reset, save };
}
