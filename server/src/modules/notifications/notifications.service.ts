import { DateTime } from 'luxon';
import type { RewardType } from '@advocate-hub/shared';
import type { Tx } from '../../db/client.js';
import type { DomainEvents } from '../../platform/events.js';
import type { OutboxRelay } from '../outbox/outbox.relay.js';
import { rewardsRepo } from '../rewards/rewards.repo.js';
import { notificationsRepo } from './notifications.repo.js';
import { pointsGroupOf, pointsNotice, type PointsGroup } from './points-notice.js';

type RedemptionStatus = DomainEvents['redemption.changed']['status'];

/** What a redemption's change says, by reward type: a donation is not "on its way", a code is ready at once. */
export function redemptionText(type: RewardType | null, status: RedemptionStatus, name: string): [string, string] {
  switch (status) {
    case 'requested':
      return [`Redemption received: ${name}`, 'The program team will review it soon.'];
    case 'declined':
      return [`Declined: ${name}`, 'The program team could not approve this redemption.'];
    case 'cancelled':
      return [`Cancelled: ${name}`, 'This redemption was cancelled.'];
    case 'approved': {
      const next: Record<RewardType, string> = {
        item: 'Your reward is on its way.',
        code: 'Your code will be ready in My redemptions.',
        experience: 'The program team will be in touch to arrange it.',
        donation: 'Your donation will be made on your behalf.',
        custom: 'The program team will be in touch about the next steps.',
      };
      return [`Approved: ${name}`, next[type ?? 'custom']];
    }
    case 'fulfilled': {
      const done: Record<RewardType, [string, string]> = {
        item: [`Delivered: ${name}`, 'Enjoy your reward!'],
        code: [`Your code is ready: ${name}`, 'Find it in My redemptions.'],
        experience: [`Arranged: ${name}`, 'Enjoy the experience!'],
        donation: [`Donated: ${name}`, 'Thank you: the donation was made on your behalf.'],
        custom: [`Done: ${name}`, 'Enjoy your reward!'],
      };
      return done[type ?? 'custom'];
    }
  }
}

/**
 * In-app notifications: durable handlers of committed domain events. Each is written in the
 * delivery transaction of its outbox row, so it appears exactly once, however often delivery is retried.
 */
export function subscribeNotifications(outbox: OutboxRelay, timezone: string) {
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
  // Points changes are grouped per program day: while the day's notification is unread, the next
  // change updates it ("You earned 120 points from 4 challenges") instead of adding a row.
  outbox.on('points.posted', async (tx, e, event) => {
    const day = DateTime.fromJSDate(event.createdAt, { zone: timezone }).toISODate();
    const group = pointsGroupOf(e);
    const first = pointsNotice(group);
    const row = await notificationsRepo.mergeIntoGroup(
      tx,
      { memberId: e.memberId, groupKey: `points:${day}`, ...first },
      group as unknown as Record<string, unknown>,
    );
    if (row?.merged) await notificationsRepo.setText(tx, row.id, pointsNotice(row.data as unknown as PointsGroup));
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
  outbox.on('reference.asked', (tx, e) =>
    add(
      tx,
      e.memberId,
      'reference.asked',
      `Could you help${e.prospectCompany ? ` ${e.prospectCompany}` : ' a prospect'}? A ${e.activity.replace('_', ' ')} request`,
      e.points ? `Share your experience and earn ${e.points} points.` : 'Share your experience with a peer.',
      '/references',
      e,
    ),
  );
  outbox.on('reference.answered', (tx, e) =>
    add(
      tx,
      e.requesterId,
      'reference.answered',
      e.decision === 'accept' ? 'A reference accepted your ask' : 'A reference declined your ask',
      e.decision === 'accept' ? 'Pick one of the times they offered.' : 'Find another match for the request.',
      `/references/requests/${e.requestId}`,
      e,
    ),
  );
  outbox.on('badge.granted', (tx, e) =>
    add(tx, e.memberId, 'badge.granted', `New badge: ${e.badge.name}`, null, '/profile', e),
  );
  outbox.on('redemption.changed', async (tx, e) => {
    const refund = e.refunded ? ` ${e.refunded} points are back in your balance.` : '';
    const reward = await rewardsRepo.find(tx, e.rewardId);
    const [title, fallback] = redemptionText(reward?.type ?? null, e.status, e.rewardName);
    const body = [e.note ?? fallback, refund.trim()].filter(Boolean).join(' ');
    return add(tx, e.memberId, `redemption.${e.status}`, title, body, '/rewards/mine', e);
  });
}
