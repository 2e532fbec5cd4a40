import type { StageKindDefinition, StageConfigRecord } from '../types';
import { str } from '../drafts';

export function proofConfig(config: StageConfigRecord) {
  return { instructions: str(config.instructions), accept: config.accept === 'text' ? 'text' : 'url' } as const;
}

/** Advocates send a link or a short text (screenshots or PDFs may be attached) as proof of what they did. */
export const proof: StageKindDefinition<'proof', { instructions: string; accept: 'url' | 'text' }> = {
  kind: 'proof',
  label: 'Send proof',
  hint: 'Advocates send a link or a short text, and may attach screenshots or PDFs, as proof of what they did.',
  needsReviewByDefault: true,
  submitLabel: (stage) => (stage.needsReview ? 'Submit for review' : 'Submit'),
  emptyDraft: () => ({ instructions: '', accept: 'url' }),
  draftFrom: (config) => ({
    instructions: str(config.instructions),
    accept: config.accept === 'text' ? 'text' : 'url',
  }),
  toConfig: (d) => ({ instructions: d.instructions.trim(), accept: d.accept }),
  shownPaths: () => ['instructions'],
};
