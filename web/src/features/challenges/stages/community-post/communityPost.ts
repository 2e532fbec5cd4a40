import type { StageConfigRecord, StageKindDefinition } from '../types';
import { str } from '../drafts';

export interface CommunityPostDraft {
  categoryId: string;
  /** Characters the post needs at least (empty = any post). */
  minLength: number | null;
  /** Only a new thread counts, not a reply. */
  threadOnly: boolean;
}

/** A community-post stage's settings as the advocate's form reads them (leniently). */
export function communityPostConfig(config: StageConfigRecord) {
  return {
    categoryId: str(config.categoryId),
    minLength: typeof config.minLength === 'number' && config.minLength > 0 ? config.minLength : 0,
    threadOnly: config.threadOnly === true,
  };
}

/** Advocates post in a community category; the post itself completes the stage. */
export const communityPost: StageKindDefinition<'community_post', CommunityPostDraft> = {
  kind: 'community_post',
  label: 'Post in the community',
  hint: 'Advocates post in a community category; the stage completes itself when they do.',
  needsReviewByDefault: false,
  submitLabel: () => 'Post in the community',
  emptyDraft: () => ({ categoryId: '', minLength: 0, threadOnly: false }),
  draftFrom: (config) => communityPostConfig(config),
  toConfig: (d) => ({ categoryId: d.categoryId.trim(), minLength: d.minLength ?? 0, threadOnly: d.threadOnly }),
  problems: (d): Record<string, string> => (d.categoryId ? {} : { categoryId: 'Choose a category.' }),
  shownPaths: () => ['categoryId', 'minLength', 'threadOnly'],
};
