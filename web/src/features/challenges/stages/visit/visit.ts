import type { StageKindDefinition, StageConfigRecord } from '../types';
import { str } from '../drafts';

export function visitConfig(config: StageConfigRecord) {
  return { url: str(config.url) };
}

/** Advocates open a page, then say they are done. */
export const visit: StageKindDefinition<'visit', { url: string }> = {
  kind: 'visit',
  label: 'Go there',
  hint: 'Advocates open a page, then say they are done.',
  needsReviewByDefault: false,
  submitLabel: () => 'Done',
  emptyDraft: () => ({ url: '' }),
  draftFrom: (config) => ({ url: str(config.url) }),
  toConfig: (d) => ({ url: d.url.trim() }),
  shownPaths: () => ['url'],
};
