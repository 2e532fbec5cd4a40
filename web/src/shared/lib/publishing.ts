import type { ChallengeStatus, RewardStatus } from '@advocate-hub/shared';

/** Where a challenge or a reward stands in its life: drafted, published to members, or archived. */
export type PublishStatus = ChallengeStatus & RewardStatus;

export const PUBLISH_STATUS_LIST: readonly PublishStatus[] = ['draft', 'published', 'archived'];

export const publishStatusLabel: Record<PublishStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  archived: 'Archived',
};
