import type { OutboxRelay } from '../outbox/outbox.relay.js';
import { notificationsRepo } from '../notifications/notifications.repo.js';

/**
 * Durable effects of an advocacy-leak activation: each member of the cohort is told of the first
 * step, in the delivery transaction of the outbox row (so exactly once, however often it is retried).
 */
export function subscribeAnalytics(outbox: OutboxRelay) {
  outbox.on('leak.activated', async (tx, e) => {
    for (const memberId of e.memberIds)
      await notificationsRepo.insert(tx, {
        memberId,
        kind: 'challenge.invited',
        title: `A challenge picked for you: ${e.challengeTitle}`,
        body: e.message ?? 'You clearly like what we do: would you tell others? It takes a minute.',
        link: `/challenges/${e.challengeId}`,
        data: { activationId: e.activationId, challengeId: e.challengeId },
      });
  });
}
