import { computed, ref } from 'vue';
import { UpdateProgramBody, type Program } from '@advocate-hub/shared';
import { useProgramStore } from '../store';
import { useFormErrors } from '@/shared/composables/useFormErrors';
import { useProgramSave } from './useProgramSave';

/** What one point is worth, and in which currency: the basis of the rewards liability report. */
export function usePointValueForm() {
  const programStore = useProgramStore();
  const pointValue = ref<number | null>(null);
  const currency = ref('');
  const errors = useFormErrors(['pointValue', 'currency'] as const);

  function reset(from: Program = programStore.program): void {
    pointValue.value = from.pointValue;
    currency.value = from.currency;
    errors.clear();
  }
  const { saving, send } = useProgramSave(reset, errors.fromError);

  const changes = computed(() => {
    const saved = programStore.program;
    const body: { pointValue?: number; currency?: string } = {};
    if (pointValue.value !== saved.pointValue) body.pointValue = pointValue.value ?? Number.NaN;
    const code = currency.value.trim().toUpperCase();
    if (code !== saved.currency) body.currency = code;
    return body;
  });
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  async function save(): Promise<Program | null> {
    errors.clear();
    if (pointValue.value === null) {
      errors.setFields({ pointValue: 'Enter what one point is worth, e.g. 0.01. Use 0 if points have no cash value.' });
      return null;
    }
    const parsed = UpdateProgramBody.safeParse(changes.value);
    if (!parsed.success) {
      errors.fromZod(parsed.error);
      return null;
    }
    return send(parsed.data);
  }

  return { pointValue, currency, saving, errors, dirty, reset, save };
}
