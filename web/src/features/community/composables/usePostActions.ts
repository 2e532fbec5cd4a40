import { ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import type { ModeratePostBody, ModerateThreadBody } from '@advocate-hub/shared';
import { errorMessage } from '@/shared/lib/errors';
import { formatPoints } from '@/shared/lib/format';
import { moderationApi } from '@/features/moderation';
import { communityApi, type Post, type ReactionKind } from '../api';
import { toggleReaction } from '../lib/community';
import type { useThread } from './useThread';

type ThreadState = ReturnType<typeof useThread>;
export type PostModeration = Exclude<ModeratePostBody['action'], 'agree' | 'disagree' | 'ignore' | 'edit'>;
export type ThreadModeration = ModerateThreadBody['action'];

const MODERATED: Record<PostModeration | 'edit', string> = {
  hide: 'Post hidden',
  restore: 'Post restored',
  delete: 'Post removed',
  edit: 'Post edited',
};
const THREAD_MODERATED: Record<ThreadModeration, string> = {
  lock: 'Thread locked',
  unlock: 'Thread unlocked',
  pin: 'Thread pinned',
  unpin: 'Thread unpinned',
  hide: 'Thread hidden',
  restore: 'Thread restored',
  move: 'Thread moved',
};

/**
 * What a reader does to the posts of an open thread: react, reply (and quote), edit, mark the
 * accepted answer, and, for moderators, hide/restore/delete/edit posts and lock/pin/hide/move the
 * thread. Each one updates the thread shown from the server's answer.
 */
export function usePostActions(state: ThreadState) {
  const toast = useToast();
  /** Reactions being sent, by post id (a second click waits for the first). */
  const reacting = ref<Set<string>>(new Set());

  function fail(err: unknown, fallback: string): void {
    toast.add({ severity: 'error', summary: errorMessage(err, fallback), life: 6000 });
  }

  async function react(post: Post, kind: ReactionKind, active: boolean): Promise<void> {
    if (reacting.value.has(post.id)) return;
    reacting.value = new Set([...reacting.value, post.id]);
    state.patchPost(post.id, { reactions: toggleReaction(post.reactions, kind, active) });
    try {
      const res = await communityApi.react(post.id, kind, active);
      state.patchPost(post.id, { reactions: res.reactions });
    } catch (err) {
      state.patchPost(post.id, { reactions: post.reactions });
      fail(err, 'Your reaction was not saved.');
    } finally {
      const next = new Set(reacting.value);
      next.delete(post.id);
      reacting.value = next;
    }
  }

  async function accept(post: Post, accepted: boolean): Promise<void> {
    const thread = state.thread.value;
    if (!thread) return;
    try {
      const res = await communityApi.accept(thread.id, accepted ? post.id : null);
      state.setAccepted(res.thread);
      toast.add({
        severity: 'success',
        summary: accepted ? 'Marked as the answer' : 'Answer unmarked',
        detail: accepted ? `${post.author.name}’s reply is the accepted answer.` : undefined,
        life: 4000,
      });
    } catch (err) {
      fail(err, 'The answer was not changed.');
    }
  }

  /** Send a reply; throws for the composer to show. The new post is in the thread afterwards. */
  async function reply(body: string, quotePostId: string | null): Promise<Post> {
    const thread = state.thread.value!;
    const res = await communityApi.reply(thread.id, { body, quotePostId: quotePostId ?? undefined });
    await state.loadUntil(() => state.atEnd.value);
    state.setPost(res.post);
    state.setThread({ ...state.thread.value!, replies: Math.max(state.thread.value!.replies, thread.replies + 1) });
    return res.post;
  }

  /** The author's edit (throws for the dialog). */
  async function edit(post: Post, body: string): Promise<void> {
    const res = await communityApi.edit(post.id, body);
    state.setPost(res.post);
  }

  /** A moderator's action on one post (throws for the dialog). */
  async function moderatePost(post: Post, action: PostModeration | 'edit', reason: string, body?: string) {
    const res = await moderationApi.moderatePost(post.id, { action, reason: reason || undefined, body });
    state.patchPost(post.id, { status: res.post.status, body: res.post.body });
    const reversed = res.post.pointsReversed;
    toast.add({
      severity: 'success',
      summary: MODERATED[action],
      detail: reversed > 0 ? `${formatPoints(reversed)} taken back from ${post.author.name}.` : undefined,
      life: 4000,
    });
    void state.refresh().catch(() => undefined);
  }

  /** A moderator's action on the thread (throws for the dialog when there is one). */
  async function moderateThread(action: ThreadModeration, extra: { reason?: string; categoryId?: string } = {}) {
    const thread = state.thread.value;
    if (!thread) return;
    await moderationApi.moderateThread(thread.id, {
      action,
      reason: extra.reason || undefined,
      categoryId: extra.categoryId,
    });
    toast.add({ severity: 'success', summary: THREAD_MODERATED[action], life: 4000 });
    await state.refresh().catch(() => undefined);
  }

  /** A moderator's quick action from the menu (no dialog): failures become a toast. */
  async function quickThreadAction(action: ThreadModeration): Promise<void> {
    try {
      await moderateThread(action);
    } catch (err) {
      fail(err, 'Nothing was changed.');
      void state.refresh().catch(() => undefined);
    }
  }

  function flagged(postId: string, hidden: boolean): void {
    state.patchPost(postId, { flagged: true });
    if (hidden) void state.refresh().catch(() => undefined);
  }

  return { reacting, react, accept, reply, edit, moderatePost, moderateThread, quickThreadAction, flagged };
}
