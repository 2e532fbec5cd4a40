import { nextTick, watch, type Ref } from 'vue';

/**
 * A dialog around one form. `fill` runs each time the dialog opens. `submit` saves: with a result
 * it hands it to `done` and closes the dialog, else it focuses the first field with an error, in
 * the order of `fields` (each a field name and the id of its control).
 */
export function useFormDialog<R, F extends string>(
  visible: Ref<boolean>,
  form: {
    fill: () => void;
    save: () => Promise<R | null>;
    done: (result: R) => void;
    fieldErrors: Readonly<Ref<Partial<Record<F, string>>>>;
    fields: readonly (readonly [F, string])[];
  },
) {
  watch(visible, (open) => {
    if (open) form.fill();
  });

  async function submit(): Promise<void> {
    const result = await form.save();
    if (result) {
      form.done(result);
      visible.value = false;
      return;
    }
    await nextTick();
    const first = form.fields.find(([field]) => form.fieldErrors.value[field]);
    if (first) document.getElementById(first[1])?.focus();
  }

  return { submit };
}
