import type { Tx } from '../../db/client.js';
import type { OutboxRelay } from '../outbox/outbox.relay.js';
import { notificationsRepo } from './notifications.repo.js';

/**
 * In-app notifications: durable handlers of committed domain events. Each is written in the
 * delivery transaction of its outbox row, so it appears exactly once, however often delivery is retried.
 */
export function subscribeNotifications(outbox: OutboxRelay) {
  const add = (
    tx: Tx,
    memberId: string,
    kind: string,
    title: string,
    body: string | null,
    link: string | null,
    data: Record<string, unknown> = {},
  ) => notificationsRepo.insert(tx, { memberId, kind, title, body, link, data });

  outbox.on('completion.reviewed', async (tx, e) => {
    const link = `/challenges/${e.challengeId}`;
    if (e.decision === 'approve')
      return add(
        tx,
        e.memberId,
        'completion.approved',
        `Approved: ${e.challengeTitle}`,
        e.points ? `You earned ${e.points} points.` : e.feedback,
        link,
        e,
      );
    if (e.decision === 'reject')
      return add(
        tx,
        e.memberId,
        'completion.rejected',
        `Not accepted: ${e.challengeTitle}`,
        e.feedback ?? 'The program team did not accept this submission.',
        link,
        e,
      );
    return add(
      tx,
      e.memberId,
      'completion.retry',
      `Please try again: ${e.challengeTitle}`,
      e.feedback ?? 'The program team asked you to redo this step.',
      link,
      e,
    );
  });
  outbox.on('level.reached', (tx, e) =>
    add(
      tx,
      e.memberId,
      'level.reached',
      `You reached ${e.level.name}!`,
      'New challenges and rewards may have opened up.',
      '/profile',
      e,
    ),
  );
  outbox.on('badge.granted', (tx, e) =>
    add(tx, e.memberId, 'badge.granted', `New badge: ${e.badge.name}`, null, '/profile', e),
  );
  outbox.on('redemption.changed', async (tx, e) => {
    const refund = e.refunded ? ` ${e.refunded} points are back in your balance.` : '';
    const text: Record<typeof e.status, [string, string]> = {
      requested: [`Redemption received: ${e.rewardName}`, 'The program team will review it soon.'],
      approved: [`Approved: ${e.rewardName}`, 'Your reward is on its way.'],
      fulfilled: [`Delivered: ${e.rewardName}`, 'Enjoy your reward!'],
      declined: [`Declined: ${e.rewardName}`, 'The program team could not approve this redemption.'],
      cancelled: [`Cancelled: ${e.rewardName}`, 'This redemption was cancelled.'],
    };
    // A redemption that is fulfilled at once (a code) needs one notification, not two.
    const [title, fallback] = text[e.status];
    const body = [e.note ?? fallback, refund.trim()].filter(Boolean).join(' ');
    return add(tx, e.memberId, `redemption.${e.status}`, title, body, '/rewards/mine', e);
  });
}
