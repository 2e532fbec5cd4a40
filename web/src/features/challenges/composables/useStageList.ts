import type { StageKind } from '@advocate-hub/shared';
import { needsReviewByDefault, newStage, type ChallengeDraft } from '../lib/challengeEditor';

/** The editor's list of stages: add, remove, move, and change a stage's kind. */
export function useStageList(draft: ChallengeDraft, clearErrors: () => void) {
  function addStage(kind: StageKind = 'confirm'): void {
    draft.stages.push(newStage(kind));
    clearErrors();
  }

  function removeStage(index: number): void {
    draft.stages.splice(index, 1);
    clearErrors();
  }

  function moveStage(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= draft.stages.length) return;
    const [stage] = draft.stages.splice(index, 1);
    if (stage) draft.stages.splice(to, 0, stage);
    clearErrors();
  }

  function setKind(index: number, kind: StageKind): void {
    const stage = draft.stages[index];
    if (!stage || stage.kind === kind) return;
    stage.kind = kind;
    stage.needsReview = needsReviewByDefault(kind);
  }

  return { addStage, removeStage, moveStage, setKind };
}
