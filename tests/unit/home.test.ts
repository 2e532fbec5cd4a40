import { describe, expect, it } from 'vitest';
import type { ChallengeView } from '@advocate-hub/shared';
import { currentStreak, levelPercent, rankNext, showIntro } from '../../server/src/modules/home/home.rules.js';
import { pointsGroupOf, pointsNotice, type PointsGroup } from '../../server/src/modules/notifications/points-notice.js';
import { redemptionText } from '../../server/src/modules/notifications/notifications.service.js';

const NOW = new Date('2026-06-10T12:00:00Z');
function challenge(id: string, points: number, extra: Partial<ChallengeView> = {}): ChallengeView {
  return {
    id,
    title: id,
    description: null,
    category: 'general',
    imageUrl: null,
    featured: false,
    expireAt: null,
    totalPoints: points,
    completionBonus: 0,
    repeat: { mode: 'once', limit: 1 },
    stages: [],
    myStatus: 'available',
    myCompletions: 0,
    availableAgainAt: null,
    lockedReason: null,
    progress: [],
    recommendation: 100,
    ...extra,
  };
}

describe('do this next', () => {
  it('puts level-ups and soon-expiring challenges first, then the smallest gap to the next level', () => {
    const feed = [
      challenge('small', 10),
      challenge('done', 500, { myStatus: 'completed' }),
      challenge('locked', 500, { myStatus: 'locked' }),
      challenge('waiting', 500, { myStatus: 'pending_review' }),
      challenge('big', 80),
      challenge('levels', 100),
      challenge('soon', 5, { expireAt: new Date(NOW.getTime() + 3600_000).toISOString() }),
    ];
    const next = rankNext(feed, 100, NOW);
    expect(next.map((c) => c.id)).toEqual(['levels', 'soon', 'big']);
    expect(next.map((c) => c.reason)).toEqual(['levels_up', 'expires_soon', 'closer']);
  });
  it('without a next level, follows expiry and the feed’s recommendation', () => {
    const feed = [challenge('a', 10, { recommendation: 1 }), challenge('b', 10, { recommendation: 50 })];
    expect(rankNext(feed, null, NOW).map((c) => [c.id, c.reason])).toEqual([
      ['b', 'recommended'],
      ['a', 'recommended'],
    ]);
  });
});

describe('weekly streak', () => {
  it('counts this week once it has a completion, else ends last week', () => {
    const tz = 'Europe/Berlin';
    // Wednesday 10 June 2026: the week starts Monday 8 June.
    expect(currentStreak(['2026-06-08', '2026-06-01', '2026-05-25', '2026-05-11'], NOW, tz)).toEqual({
      weeks: 3,
      thisWeek: true,
    });
    expect(currentStreak(['2026-06-01', '2026-05-25'], NOW, tz)).toEqual({ weeks: 2, thisWeek: false });
    expect(currentStreak(['2026-05-25'], NOW, tz)).toEqual({ weeks: 0, thisWeek: false });
    expect(currentStreak([], NOW, tz)).toEqual({ weeks: 0, thisWeek: false });
  });
  it('takes the week from the program time zone, across the autumn clock change', () => {
    // Monday 2 Nov 2026 03:30 UTC is still Sunday 1 Nov in New York (its first day of winter time).
    const sunday = new Date('2026-11-02T03:30:00Z');
    expect(currentStreak(['2026-10-26', '2026-10-19'], sunday, 'America/New_York')).toEqual({
      weeks: 2,
      thisWeek: true,
    });
    expect(currentStreak(['2026-10-26', '2026-10-19'], sunday, 'UTC')).toEqual({ weeks: 2, thisWeek: false });
  });
});

describe('level progress and the explainer', () => {
  it('measures the way from this level to the next', () => {
    expect(levelPercent(150, 100, 200)).toBe(50);
    expect(levelPercent(250, 100, null)).toBe(100);
    expect(levelPercent(0, 0, 0)).toBe(0);
  });
  it('shows the explainer to new members until dismissed', () => {
    const base = {
      homeIntroDismissedAt: null,
      joinedAt: new Date('2026-06-01T00:00:00Z'),
      createdAt: NOW,
      lifetime: 500,
    };
    expect(showIntro(base, NOW)).toBe(true);
    expect(showIntro({ ...base, homeIntroDismissedAt: NOW }, NOW)).toBe(false);
    expect(showIntro({ ...base, joinedAt: new Date('2025-01-01T00:00:00Z') }, NOW)).toBe(false);
    expect(showIntro({ ...base, joinedAt: new Date('2025-01-01T00:00:00Z'), lifetime: 0 }, NOW)).toBe(true);
  });
});

describe('points notifications', () => {
  const item = (
    delta: number,
    cause: 'completion' | 'bonus' | 'adjustment' | 'reversal',
    challengeId: string | null = null,
  ) => ({
    delta,
    cause,
    reason: `why ${delta}`,
    challengeId,
    challengeTitle: challengeId ? `Title ${challengeId}` : null,
  });
  /** What the SQL merge does, for the wording. */
  function merge(a: PointsGroup, b: PointsGroup): PointsGroup {
    const seen = new Map([...a.challenges, ...b.challenges].map((c) => [c.id, c]));
    return {
      total: a.total + b.total,
      earned: a.earned + b.earned,
      lost: a.lost + b.lost,
      events: a.events + b.events,
      other: a.other + b.other,
      challenges: [...seen.values()],
      first: a.first,
    };
  }
  it('words one change by its cause', () => {
    expect(pointsNotice(pointsGroupOf(item(50, 'completion', 'c1')))).toEqual({
      kind: 'points.earned',
      title: 'You earned 50 points',
      body: 'why 50',
      link: '/challenges/c1',
    });
    expect(pointsNotice(pointsGroupOf(item(-20, 'adjustment'))).title).toBe('The program team took back 20 points');
    expect(pointsNotice(pointsGroupOf(item(1, 'adjustment'))).title).toBe('The program team gave you 1 point');
    expect(pointsNotice(pointsGroupOf(item(-30, 'reversal'))).title).toBe('30 points taken back');
  });
  it('groups challenge points by challenge, and mixed changes by their totals', () => {
    const g = [
      item(50, 'completion', 'c1'),
      item(10, 'bonus', 'c1'),
      item(40, 'completion', 'c2'),
      item(20, 'completion', 'c3'),
    ]
      .map(pointsGroupOf)
      .reduce(merge);
    expect(pointsNotice(g)).toEqual({
      kind: 'points.grouped',
      title: 'You earned 120 points from 3 challenges',
      body: 'Title c1, Title c2 and 1 more',
      link: '/profile',
    });
    const mixed = merge(g, pointsGroupOf(item(-150, 'reversal', 'c1')));
    expect(pointsNotice(mixed)).toMatchObject({
      title: 'You lost 30 points',
      body: '5 changes to your points: +120 points, −150 points.',
    });
  });
  it('says what happens next by reward type: a donation is not "on its way"', () => {
    expect(redemptionText('donation', 'approved', 'Trees')[1]).toBe('Your donation will be made on your behalf.');
    expect(redemptionText('item', 'approved', 'Hoodie')[1]).toBe('Your reward is on its way.');
    expect(redemptionText('donation', 'fulfilled', 'Trees')[0]).toBe('Donated: Trees');
    expect(redemptionText('experience', 'approved', 'Dinner')[1]).not.toMatch(/on its way/);
    expect(redemptionText(null, 'declined', 'X')[0]).toBe('Declined: X');
  });
});
