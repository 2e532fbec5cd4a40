import type { Outbox } from '../../platform/events.js';
import type { Executor } from '../../db/client.js';
import { levelFor, levelsRepo } from './levels.repo.js';

/** Emits `level.reached` when a lifetime change crosses one or more thresholds upwards. */
export async function noteLevelChange(ex: Executor, outbox: Outbox, memberId: string, before: number, after: number) {
  if (after <= before) return null;
  const levels = await levelsRepo.list(ex);
  const from = levelFor(levels, before).current;
  const to = levelFor(levels, after).current;
  if (to && (!from || to.rank > from.rank)) {
    const level = { id: to.id, name: to.name, rank: to.rank };
    outbox.add('level.reached', { memberId, level });
    return level;
  }
  return null;
}
