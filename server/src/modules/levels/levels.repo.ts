import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { levels, type LevelRow } from './levels.table.js';
import type { DefinitionCache } from '../../platform/cache.js';

export const levelsRepo = {
  async list(ex: Executor): Promise<LevelRow[]> {
    return ex.select().from(levels).orderBy(asc(levels.threshold));
  },
  /** The levels, from the definitions cache (cleared by level writes). */
  cached(ex: Executor, cache: DefinitionCache): Promise<LevelRow[]> {
    return cache.get('levels', () => ex.select().from(levels).orderBy(asc(levels.threshold)));
  },
};

/** The level a lifetime total reaches, and the next one (pure; levels sorted by threshold). */
export function levelFor(sorted: Pick<LevelRow, 'id' | 'name' | 'rank' | 'threshold'>[], lifetime: number) {
  let current: (typeof sorted)[number] | null = null;
  let next: (typeof sorted)[number] | null = null;
  for (const l of sorted) {
    if (l.threshold <= lifetime) current = l;
    else {
      next = l;
      break;
    }
  }
  return { current, next };
}
