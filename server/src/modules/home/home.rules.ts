/** Pure rules of the home dashboard: no database, unit-tested. */
import { DateTime } from 'luxon';
import type { ChallengeView, HomeNextChallenge, NextReason } from '@advocate-hub/shared';

/** A challenge expiring within this many hours counts as "expiring soon". */
export const EXPIRES_SOON_HOURS = 72;

/**
 * "Do this next": the challenges the member can act on now (visible to them, unlocked, not done —
 * or repeatable and available again — and not waiting for review), best first:
 * 1. ones that would take the member to the next level, or that expire soon;
 * 2. then the ones that leave the smallest gap to the next level;
 * 3. then the sooner expiry, then the feed's own recommendation.
 */
export function rankNext(
  feed: ChallengeView[],
  pointsToNext: number | null,
  now: Date,
  limit = 3,
): HomeNextChallenge[] {
  const soon = now.getTime() + EXPIRES_SOON_HOURS * 3600_000;
  const scored = feed
    .filter((c) => c.myStatus === 'available' || c.myStatus === 'in_progress')
    .map((c) => {
      const expiry = c.expireAt ? new Date(c.expireAt).getTime() : Infinity;
      const levelsUp = pointsToNext !== null && pointsToNext > 0 && c.totalPoints >= pointsToNext;
      const expiresSoon = expiry <= soon;
      const gap = pointsToNext !== null && pointsToNext > 0 ? Math.max(0, pointsToNext - c.totalPoints) : 0;
      const reason: NextReason = levelsUp
        ? 'levels_up'
        : expiresSoon
          ? 'expires_soon'
          : pointsToNext !== null && c.totalPoints > 0
            ? 'closer'
            : 'recommended';
      return { c, tier: levelsUp || expiresSoon ? 0 : 1, gap, expiry, reason };
    });
  scored.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.gap - b.gap ||
      a.expiry - b.expiry ||
      b.c.recommendation - a.c.recommendation ||
      a.c.title.localeCompare(b.c.title),
  );
  return scored.slice(0, limit).map(({ c, reason }) => ({
    id: c.id,
    title: c.title,
    category: c.category,
    imageUrl: c.imageUrl,
    totalPoints: c.totalPoints,
    expireAt: c.expireAt,
    myStatus: c.myStatus as 'available' | 'in_progress',
    reason,
  }));
}

/**
 * The member's streak: consecutive program weeks (Monday to Sunday in the program time zone) with
 * at least one approved completion. This week counts once it has one; until then the streak ends
 * last week (it is not broken before the week is over). `weeks` are the weeks' first days
 * (`YYYY-MM-DD`, local), as PostgreSQL's `date_trunc('week', … at time zone …)` gives them.
 */
export function currentStreak(
  weeks: Iterable<string>,
  now: Date,
  timeZone: string,
): { weeks: number; thisWeek: boolean } {
  const have = new Set(weeks);
  let cursor = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week');
  const thisWeek = have.has(cursor.toISODate()!);
  if (!thisWeek) cursor = cursor.minus({ weeks: 1 });
  let n = 0;
  while (have.has(cursor.toISODate()!)) {
    n += 1;
    cursor = cursor.minus({ weeks: 1 });
  }
  return { weeks: n, thisWeek };
}

/** Along the way from the current level's threshold to the next one's, 0–100. */
export function levelPercent(lifetime: number, from: number, to: number | null): number {
  if (to === null) return 100;
  if (to <= from) return 0;
  return Math.max(0, Math.min(100, Math.floor(((lifetime - from) * 100) / (to - from))));
}

/** New members see the "how it works" explainer until they put it away. */
export const INTRO_DAYS = 30;
export function showIntro(
  m: { homeIntroDismissedAt: Date | null; joinedAt: Date | null; createdAt: Date; lifetime: number },
  now: Date,
): boolean {
  if (m.homeIntroDismissedAt) return false;
  const since = (m.joinedAt ?? m.createdAt).getTime();
  return m.lifetime === 0 || now.getTime() - since < INTRO_DAYS * 86400_000;
}
