import type { StageKindDefinition } from '../types';
import { str } from '../drafts';

/** Advocates refer someone (their details and consent); the answer creates a referral. */
export const referral: StageKindDefinition<'referral', { campaignId: string }> = {
  kind: 'referral',
  label: 'Refer someone',
  hint: 'Advocates refer a prospect; the referral’s milestones pay the campaign’s points too.',
  needsReviewByDefault: false,
  submitLabel: () => 'Send referral',
  emptyDraft: () => ({ campaignId: '' }),
  draftFrom: (config) => ({ campaignId: str(config.campaignId) }),
  toConfig: (d) => (d.campaignId.trim() ? { campaignId: d.campaignId.trim() } : {}),
  shownPaths: () => ['campaignId'],
};
