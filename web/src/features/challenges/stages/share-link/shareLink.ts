import type { StageKindDefinition, StageConfigRecord } from '../types';
import { str } from '../drafts';

export function shareLinkConfig(config: StageConfigRecord) {
  return { url: str(config.url), suggestedText: str(config.suggestedText) };
}

/** Advocates share a link, with suggested text, on their own channels. */
export const shareLink: StageKindDefinition<'share_link', { url: string; suggestedText: string }> = {
  kind: 'share_link',
  label: 'Share a link',
  hint: 'Advocates share a link (with suggested text) on their own channels.',
  needsReviewByDefault: false,
  submitLabel: () => 'I shared it',
  emptyDraft: () => ({ url: '', suggestedText: '' }),
  draftFrom: (config) => shareLinkConfig(config),
  toConfig: (d) => ({
    url: d.url.trim(),
    ...(d.suggestedText.trim() ? { suggestedText: d.suggestedText.trim() } : {}),
  }),
  shownPaths: () => ['url', 'suggestedText'],
};
