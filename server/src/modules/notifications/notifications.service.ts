import type { Db } from '../../db/client.js';
import type { EventBus } from '../../platform/events.js';
import { notificationsRepo } from './notifications.repo.js';

/** In-app notifications: a subscriber of committed domain events. */
export function subscribeNotifications(db: Db, bus: EventBus) {
  const add = (
    memberId: string,
    kind: string,
    title: string,
    body: string | null,
    link: string | null,
    data: Record<string, unknown> = {},
  ) => notificationsRepo.insert(db, { memberId, kind, title, body, link, data });

  bus.on('completion.reviewed', (e) => {
    const link = `/challenges/${e.challengeId}`;
    if (e.decision === 'approve')
      return add(
        e.memberId,
        'completion.approved',
        `Approved: ${e.challengeTitle}`,
        e.points ? `You earned ${e.points} points.` : e.feedback,
        link,
        e,
      );
    if (e.decision === 'reject')
      return add(
        e.memberId,
        'completion.rejected',
        `Not accepted: ${e.challengeTitle}`,
        e.feedback ?? 'The program team did not accept this submission.',
        link,
        e,
      );
    return add(
      e.memberId,
      'completion.retry',
      `Please try again: ${e.challengeTitle}`,
      e.feedback ?? 'The program team asked you to redo this step.',
      link,
      e,
    );
  });
  bus.on('level.reached', (e) =>
    add(
      e.memberId,
      'level.reached',
      `You reached ${e.level.name}!`,
      'New challenges and rewards may have opened up.',
      '/profile',
      e,
    ),
  );
  bus.on('badge.granted', (e) => add(e.memberId, 'badge.granted', `New badge: ${e.badge.name}`, null, '/profile', e));
  bus.on('redemption.changed', (e) => {
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
    return add(e.memberId, `redemption.${e.status}`, title, body, '/rewards/mine', e);
  });
}
