import type { StageKindDefinition } from '../types';
import { textSettings } from '../drafts';

const settings = textSettings('url');
export const visitConfig = settings.draftFrom;

/** Advocates open a page, then say they are done. */
export const visit: StageKindDefinition<'visit', { url: string }> = {
  kind: 'visit',
  label: 'Go there',
  hint: 'Advocates open a page, then say they are done.',
  needsReviewByDefault: false,
  submitLabel: () => 'Done',
  ...settings,
};
