import type { StageKindDefinition } from '../types';
import { textSettings } from '../drafts';

const settings = textSettings('site', 'url');
export const reviewConfig = settings.draftFrom;

/** Advocates write a review on a review site and send the link to it. */
export const review: StageKindDefinition<'review', { site: string; url: string }> = {
  kind: 'review',
  label: 'Write a review',
  hint: 'Advocates write a review on a review site and send the link to it.',
  needsReviewByDefault: true,
  submitLabel: (stage) => (stage.needsReview ? 'Submit for review' : 'Submit'),
  ...settings,
};
