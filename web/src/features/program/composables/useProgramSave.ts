import { ref } from 'vue';
import type { Program, UpdateProgramBody } from '@advocate-hub/shared';
import { programApi } from '../api';
import { useProgramStore } from '../store';

/**
 * Saving a form over the program's settings: the whole app takes the saved program (the program
 * store), the form starts again from it (`reset`), and a refusal is shown by `showError`.
 */
export function useProgramSave(reset: (from: Program) => void, showError: (err: unknown) => void) {
  const programStore = useProgramStore();
  const saving = ref(false);

  /** Returns the saved program, or null with the error shown. */
  async function send(body: UpdateProgramBody): Promise<Program | null> {
    saving.value = true;
    try {
      const { program } = await programApi.updateProgram(body);
      programStore.set(program);
      reset(program);
      return program;
    } catch (err) {
      showError(err);
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { saving, send };
}
