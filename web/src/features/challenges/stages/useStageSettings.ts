import { computed, inject } from 'vue';
import type { StageKind } from '@advocate-hub/shared';
import { ChallengeEditorKey } from '../composables/useChallengeEditor';
import type { StageConfigDrafts } from './index';

/**
 * What a kind's settings editor works with: the editor, its stage, the draft of its kind's
 * settings, field ids unique to the stage, and the error at a path inside the stage's `config`.
 */
export function useStageSettings<K extends StageKind>(kind: K, index: () => number) {
  const editor = inject(ChallengeEditorKey)!;
  const stage = computed(() => editor.draft.stages[index()]!);
  const draft = computed<StageConfigDrafts[K]>(() => stage.value.config[kind]);
  const fid = (suffix: string) => `stage-${stage.value.key}-${suffix}`;
  const err = (field: string) => editor.error(`stages.${index()}.config.${field}`);
  return { editor, stage, draft, fid, err };
}
