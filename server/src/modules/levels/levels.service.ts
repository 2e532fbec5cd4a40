import type { Outbox } from '../../platform/events.js';
import { levelFor } from './levels.repo.js';
import type { LevelRow } from './levels.table.js';

/** Emits `level.reached` when a lifetime change crosses one or more thresholds upwards. */
export function noteLevelChange(levels: LevelRow[], outbox: Outbox, memberId: string, before: number, after: number) {
  if (after <= before) return null;
  const from = levelFor(levels, before).current;
  const to = levelFor(levels, after).current;
  if (to && (!from || to.rank > from.rank)) {
    const level = { id: to.id, name: to.name, rank: to.rank };
    outbox.add('level.reached', { memberId, level });
    return level;
  }
  return null;
}
