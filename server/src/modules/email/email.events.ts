import { prefersChannel } from '@advocate-hub/shared';
import type { Tx } from '../../db/client.js';
import type { DeliveredEvent, OutboxRelay } from '../outbox/outbox.relay.js';
import { membersRepo } from '../members/members.repo.js';
import type { EmailService, EmailSpec } from './email.service.js';
import { templates } from './email.templates.js';

/**
 * Notification emails: durable handlers of committed domain events, like the in-app notifications.
 * Each writes its email row in the event's delivery transaction (dedupe key: event and kind), and only
 * for an active member who wants that kind by email.
 */
export function subscribeEmail(outbox: OutboxRelay, email: EmailService) {
  const send = async (
    tx: Tx,
    event: DeliveredEvent,
    memberId: string,
    kind: string,
    spec: (m: { name: string; email: string }) => Omit<EmailSpec, 'to' | 'memberId' | 'dedupeKey' | 'unsubscribe'>,
    topic: 'reviews' | 'redemptions' | 'levels',
  ) => {
    const member = await membersRepo.findById(tx, memberId);
    if (!member || member.status !== 'active') return;
    if (!prefersChannel(member.notificationPrefs, kind, 'email')) return;
    const rows = await email.compose(tx, [
      {
        ...spec(member),
        to: member.email,
        memberId,
        dedupeKey: `event:${event.id}:${kind}`,
        unsubscribe: { memberId, topic },
      },
    ]);
    // Queued once the delivery that wrote them has committed.
    event.afterCommit(() => email.sendLater(rows));
  };
  const url = (path: string) => `${email.publicUrl}${path}`;

  outbox.on('completion.reviewed', (tx, e, event) => {
    const kind = { approve: 'completion.approved', reject: 'completion.rejected', retry: 'completion.retry' }[
      e.decision
    ];
    return send(
      tx,
      event,
      e.memberId,
      kind,
      (m) => ({
        kind: 'review',
        render: (brand, footer) =>
          templates.review(
            brand,
            {
              name: m.name,
              decision: e.decision,
              challengeTitle: e.challengeTitle,
              feedback: e.feedback,
              points: e.points,
              url: url(`/challenges/${e.challengeId}`),
            },
            footer,
          ),
      }),
      'reviews',
    );
  });

  outbox.on('redemption.changed', (tx, e, event) =>
    send(
      tx,
      event,
      e.memberId,
      `redemption.${e.status}`,
      (m) => ({
        kind: 'redemption',
        render: (brand, footer) =>
          templates.redemption(
            brand,
            {
              name: m.name,
              rewardName: e.rewardName,
              status: e.status,
              note: e.note,
              refunded: e.refunded,
              url: url('/rewards/mine'),
            },
            footer,
          ),
      }),
      'redemptions',
    ),
  );

  outbox.on('level.reached', (tx, e, event) =>
    send(
      tx,
      event,
      e.memberId,
      'level.reached',
      (m) => ({
        kind: 'level',
        render: (brand, footer) =>
          templates.levelUp(brand, { name: m.name, level: e.level.name, url: url('/challenges') }, footer),
      }),
      'levels',
    ),
  );
}
