import type { WallActivity } from '@advocate-hub/shared';

/** The ticker keeps this many items, so a wall that runs all day keeps a flat memory. */
export const TICKER_MAX = 20;

/** Newest first, without duplicates, at most `max` items. */
export function addActivity(items: readonly WallActivity[], item: WallActivity, max = TICKER_MAX): WallActivity[] {
  if (items.some((i) => i.id === item.id)) return items as WallActivity[];
  return [item, ...items].slice(0, max);
}

/** Both lists (what was loaded, what came live meanwhile), newest first, without duplicates, at most `max`. */
export function mergeActivity(a: readonly WallActivity[], b: readonly WallActivity[], max = TICKER_MAX) {
  const byId = new Map<string, WallActivity>();
  for (const item of [...a, ...b]) byId.set(item.id, item);
  return [...byId.values()].sort((x, y) => Date.parse(y.at) - Date.parse(x.at)).slice(0, max);
}
