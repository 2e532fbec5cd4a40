/**
 * What the community's committed events cause, delivered from the outbox (exactly once each):
 * notifications (mentions, replies, moderation, sanctions, a kind word when flags hid a post) and
 * community-post stages completing themselves.
 */
import { challengesRepo } from '../challenges/challenges.repo.js';
import { communityRepo } from './community.repo.js';
import type { CompletionsService } from '../completions/completions.service.js';
import { notificationsRepo } from '../notifications/notifications.repo.js';
import type { OutboxRelay } from '../outbox/outbox.relay.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';

const threadLink = (threadId: string, seq?: string | null) =>
  `/community/threads/${threadId}${seq ? `?post=${seq}` : ''}`;

const MODERATED: Record<string, string> = {
  hid: 'A moderator hid your post',
  removed: 'A moderator removed your post',
  edited: 'A moderator edited your post',
  restored: 'Your post is visible again',
  moved: 'A moderator moved your thread',
  locked: 'A moderator locked your thread',
};

export function subscribeCommunity(outbox: OutboxRelay, db: Db, completions: CompletionsService, clock: () => Date) {
  outbox.on('community.mentioned', async (tx, e) => {
    for (const memberId of e.memberIds)
      await notificationsRepo.insert(tx, {
        memberId,
        kind: 'community.mentioned',
        title: `${e.byName} mentioned you`,
        body: `In “${e.threadTitle}”.`,
        link: threadLink(e.threadId, e.seq),
        data: { threadId: e.threadId, postId: e.postId },
      });
  });
  outbox.on('community.replied', (tx, e) =>
    notificationsRepo.insert(tx, {
      memberId: e.memberId,
      kind: 'community.replied',
      title: `${e.byName} replied to your thread`,
      body: `“${e.threadTitle}”`,
      link: threadLink(e.threadId, e.seq),
      data: { threadId: e.threadId, postId: e.postId },
    }),
  );
  outbox.on('community.post.flagged_hidden', (tx, e) =>
    notificationsRepo.insert(tx, {
      memberId: e.memberId,
      kind: 'community.post_hidden',
      title: 'Your post is resting while a moderator takes a look',
      body: `A few members flagged your post in “${e.threadTitle}”, so it is hidden for now. A moderator will review it soon; nothing is lost meanwhile, and most posts come back.`,
      link: threadLink(e.threadId),
      data: { threadId: e.threadId, postId: e.postId },
    }),
  );
  outbox.on('community.moderated', (tx, e) =>
    notificationsRepo.insert(tx, {
      memberId: e.memberId,
      kind: `community.${e.target}_${e.action}`,
      title: MODERATED[e.action] ?? 'A moderator acted on your post',
      body: [
        `In “${e.threadTitle}”.`,
        e.reason ? `Reason: ${e.reason}` : null,
        e.pointsReversed ? `${e.pointsReversed} participation points were taken back.` : null,
      ]
        .filter(Boolean)
        .join(' '),
      link:
        e.action === 'removed' || (e.target === 'thread' && e.action === 'hid') ? '/community' : threadLink(e.threadId),
      data: { threadId: e.threadId },
    }),
  );
  outbox.on('community.answer_accepted', (tx, e) =>
    notificationsRepo.insert(tx, {
      memberId: e.memberId,
      kind: 'community.answer_accepted',
      title: 'Your answer was accepted',
      body: `In “${e.threadTitle}”.${e.points ? ` You earned ${e.points} points.` : ''}`,
      link: threadLink(e.threadId),
      data: { threadId: e.threadId, postId: e.postId },
    }),
  );
  outbox.on('community.sanctioned', (tx, e) => {
    const until = e.until ? ` until ${new Date(e.until).toUTCString()}` : '';
    const title =
      e.action === 'silence'
        ? `Your account is read-only${until}`
        : e.action === 'suspend'
          ? `Your account is suspended${until}`
          : 'Your account is back to normal';
    return notificationsRepo.insert(tx, {
      memberId: e.memberId,
      kind: `community.${e.action}`,
      title,
      body: e.action === 'lift' ? 'You can post in the community again.' : `Reason: ${e.reason}`,
      link: '/community',
      data: { until: e.until },
    });
  });

  // A community-post stage completes itself: each live challenge with such a stage in the post's
  // category gets a submission naming the post. The key makes a redelivery a replay; a stage the
  // member cannot do now (not its turn, done, locked, not targeted) is simply not completed.
  outbox.on('community.posted', async (_tx, e) => {
    if (!(await communityRepo.isAdvocate(db, e.memberId))) return; // challenges are for advocates
    const live = await challengesRepo.listLive(db, clock());
    for (const c of live)
      for (const stage of c.stages) {
        const config = stage.config as { categoryId?: string };
        if (stage.kind !== 'community_post' || config.categoryId !== e.categoryId) continue;
        try {
          await completions.submit(
            e.memberId,
            c.id,
            { stageId: stage.id, response: { postId: e.postId } },
            `community:${e.postId}:${stage.id}`,
          );
        } catch (err) {
          if (!(err instanceof AppError) || err.statusCode >= 500) throw err;
        }
      }
  });
}
