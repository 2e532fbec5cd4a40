import { ref, watch } from 'vue';

/**
 * The one typed answer of a stage form: its text and its error, both cleared when another stage
 * is shown. `accept` takes the problem found with the answer (null: none); with one, it is shown
 * and the field (`fieldId`) gets focus.
 */
export function useStageAnswer(stageId: () => string, fieldId: () => string) {
  const answer = ref('');
  const error = ref<string | null>(null);

  watch(stageId, () => {
    answer.value = '';
    error.value = null;
  });

  function accept(problem: string | null): boolean {
    error.value = problem;
    if (problem) document.getElementById(fieldId())?.focus();
    return !problem;
  }

  return { answer, error, accept };
}
