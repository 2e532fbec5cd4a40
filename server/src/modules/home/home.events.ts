import type { OutboxRelay } from '../outbox/outbox.relay.js';
import { homeRepo } from './home.repo.js';

/**
 * Levels reached, for the home feed (badges and completed challenges are read from their own
 * records): written once per committed event, in its delivery transaction.
 */
export function subscribeHome(outbox: OutboxRelay) {
  outbox.on('level.reached', (tx, e, event) =>
    homeRepo.addAchievement(tx, {
      memberId: e.memberId,
      kind: 'level',
      subjectId: e.level.id,
      label: e.level.name,
      createdAt: event.createdAt,
    }),
  );
}
