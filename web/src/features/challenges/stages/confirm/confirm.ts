import type { StageKindDefinition } from '../types';

/** Advocates confirm they did something; no settings, no form. */
export const confirm: StageKindDefinition<'confirm', Record<string, never>> = {
  kind: 'confirm',
  label: 'Confirm you did it',
  hint: 'Advocates confirm they did something. No form.',
  needsReviewByDefault: false,
  submitLabel: () => 'I did it',
  emptyDraft: () => ({}),
  draftFrom: () => ({}),
  toConfig: () => ({}),
  shownPaths: () => [],
};
