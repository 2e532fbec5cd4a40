import type { StageKindDefinition, StageConfigRecord } from '../types';
import { str } from '../drafts';

export function reviewConfig(config: StageConfigRecord) {
  return { site: str(config.site), url: str(config.url) };
}

/** Advocates write a review on a review site and send the link to it. */
export const review: StageKindDefinition<'review', { site: string; url: string }> = {
  kind: 'review',
  label: 'Write a review',
  hint: 'Advocates write a review on a review site and send the link to it.',
  needsReviewByDefault: true,
  submitLabel: (stage) => (stage.needsReview ? 'Submit for review' : 'Submit'),
  emptyDraft: () => ({ site: '', url: '' }),
  draftFrom: (config) => ({ site: str(config.site), url: str(config.url) }),
  toConfig: (d) => ({ site: d.site.trim(), url: d.url.trim() }),
  shownPaths: () => ['site', 'url'],
};
