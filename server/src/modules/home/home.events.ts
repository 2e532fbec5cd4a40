import type { OutboxRelay } from '../outbox/outbox.relay.js';
import { homeRepo } from './home.repo.js';

/** The home feed's achievements: written once per committed event, in its delivery transaction. */
export function subscribeHome(outbox: OutboxRelay) {
  outbox.on('badge.granted', (tx, e, event) =>
    homeRepo.addAchievement(tx, {
      memberId: e.memberId,
      kind: 'badge',
      subjectId: e.badge.id,
      label: e.badge.name,
      createdAt: event.createdAt,
    }),
  );
  outbox.on('level.reached', (tx, e, event) =>
    homeRepo.addAchievement(tx, {
      memberId: e.memberId,
      kind: 'level',
      subjectId: e.level.id,
      label: e.level.name,
      createdAt: event.createdAt,
    }),
  );
  outbox.on('challenge.completed', (tx, e, event) =>
    homeRepo.addAchievement(tx, {
      memberId: e.memberId,
      kind: 'challenge',
      subjectId: e.challengeId,
      label: e.challengeTitle,
      createdAt: event.createdAt,
    }),
  );
}
