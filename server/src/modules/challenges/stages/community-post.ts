import { createError } from '../../../platform/errors.js';
import { communityRepo } from '../../community/community.repo.js';
import { defineStage } from './handler.js';

const notThere = createError({
  code: 'completions.post_not_eligible',
  status: 422,
  message: 'That post does not complete this step: post in the named category (long enough) first',
});

/**
 * Post in the community: the community completes it as the member posts in the category; a member
 * (or the API) may also name a post of theirs made there. The post must be theirs, visible, in the
 * category, long enough, and a new thread when the step asks for one.
 */
export const communityPost = defineStage('community_post', {
  async grade({ tx, memberId, config, response }) {
    const post = await communityRepo.postForStage(tx, response.postId);
    const ok =
      post &&
      post.authorId === memberId &&
      post.status === 'visible' &&
      post.categoryId === config.categoryId &&
      post.body.trim().length >= config.minLength &&
      (!config.threadOnly || post.first);
    if (!ok) throw notThere();
    return { response: { postId: post.id, threadId: post.threadId }, score: null, passed: true, feedback: null };
  },
});
