import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { communityPosts, communityThreads } from './community.table.js';

export const communityRepo = {
  /** A post with its thread's category (the community-post stage checks it). */
  async postForStage(ex: Executor, postId: string) {
    const [row] = await ex
      .select({
        id: communityPosts.id,
        threadId: communityPosts.threadId,
        authorId: communityPosts.authorId,
        body: communityPosts.body,
        status: communityPosts.status,
        first: communityPosts.first,
        categoryId: communityThreads.categoryId,
      })
      .from(communityPosts)
      .innerJoin(communityThreads, eq(communityThreads.id, communityPosts.threadId))
      .where(eq(communityPosts.id, postId));
    return row ?? null;
  },
};
