import type { WebhookEventType } from '@advocate-hub/shared';
import type { Tx } from '../../db/client.js';
import type { DeliveredEvent, OutboxRelay } from '../outbox/outbox.relay.js';
import { membersRepo } from '../members/members.repo.js';
import type { WebhooksService } from './webhooks.service.js';

/**
 * The program's events as webhooks: durable handlers of committed domain events. Each writes one
 * delivery per subscribed endpoint in the event's delivery transaction. Payloads that name a member
 * carry `member: {id, email, name}` so a receiver (a CRM) can match the person without calling back.
 */
export function subscribeWebhooks(outbox: OutboxRelay, webhooks: WebhooksService) {
  const send = <T extends object>(
    tx: Tx,
    event: DeliveredEvent,
    type: WebhookEventType,
    payload: T,
    memberId: string | null,
  ) =>
    webhooks.fanOut(tx, event, type, async () => {
      if (!memberId) return payload;
      const m = await membersRepo.findById(tx, memberId);
      return { ...payload, member: m ? { id: m.id, email: m.email, name: m.name } : null };
    });

  outbox.on('member.joined', (tx, e, event) => send(tx, event, 'member.joined', e, null));
  outbox.on('completion.reviewed', (tx, e, event) => {
    if (e.decision === 'retry') return Promise.resolve();
    const { decision: _decision, ...rest } = e;
    return send(tx, event, e.decision === 'approve' ? 'completion.approved' : 'completion.rejected', rest, e.memberId);
  });
  outbox.on('challenge.completed', (tx, e, event) => send(tx, event, 'challenge.completed', e, e.memberId));
  outbox.on('points.posted', (tx, e, event) =>
    e.delta > 0 ? send(tx, event, 'points.awarded', e, e.memberId) : Promise.resolve(),
  );
  outbox.on('level.reached', (tx, e, event) => send(tx, event, 'level.reached', e, e.memberId));
  outbox.on('badge.granted', (tx, e, event) =>
    send(
      tx,
      event,
      'badge.granted',
      { memberId: e.memberId, badge: { id: e.badge.id, name: e.badge.name } },
      e.memberId,
    ),
  );
  outbox.on('redemption.changed', (tx, e, event) =>
    send(tx, event, e.from === null ? 'redemption.requested' : 'redemption.changed', e, e.memberId),
  );
  outbox.on('referral.advanced', (tx, e, event) => send(tx, event, 'referral.advanced', e, e.memberId));
}
