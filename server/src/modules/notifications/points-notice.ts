/** Pure wording of the grouped points notification: no database, unit-tested. */
import type { PointsCause } from '../../platform/events.js';

/** One points change, as the notification keeps it. */
export interface PointsItem {
  delta: number;
  cause: PointsCause;
  reason: string;
  challengeId: string | null;
  challengeTitle: string | null;
}

/** What a grouped points notification holds: totals of every change merged into it, and the first one. */
export interface PointsGroup {
  total: number;
  earned: number;
  lost: number;
  events: number;
  /** Distinct challenges whose points are in it (at most 50 kept). */
  challenges: { id: string; title: string }[];
  /** Changes that were not a challenge's points (adjustments, reversals). */
  other: number;
  first: PointsItem;
}

/** The group data of one change (merged into an unread notification of its group by SQL). */
export function pointsGroupOf(item: PointsItem): PointsGroup {
  const fromChallenge = (item.cause === 'completion' || item.cause === 'bonus') && !!item.challengeId;
  return {
    total: item.delta,
    earned: Math.max(item.delta, 0),
    lost: Math.max(-item.delta, 0),
    events: 1,
    challenges: fromChallenge ? [{ id: item.challengeId!, title: item.challengeTitle ?? 'a challenge' }] : [],
    other: fromChallenge ? 0 : 1,
    first: item,
  };
}

const pts = (n: number) => `${n.toLocaleString('en-US')} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

function listTitles(titles: string[]): string {
  if (titles.length <= 2) return titles.join(' and ');
  return `${titles.slice(0, 2).join(', ')} and ${titles.length - 2} more`;
}

/** Kind, title, body and link of a points notification, from what it holds. */
export function pointsNotice(g: PointsGroup): { kind: string; title: string; body: string | null; link: string } {
  const f = g.first;
  const challengeLink = f.challengeId ? `/challenges/${f.challengeId}` : '/profile';
  if (g.events === 1) {
    switch (f.cause) {
      case 'completion':
        return { kind: 'points.earned', title: `You earned ${pts(f.delta)}`, body: f.reason, link: challengeLink };
      case 'bonus':
        return {
          kind: 'points.earned',
          title: `You earned a ${pts(f.delta)} bonus`,
          body: f.reason,
          link: challengeLink,
        };
      case 'adjustment':
        return f.delta >= 0
          ? {
              kind: 'points.adjusted',
              title: `The program team gave you ${pts(f.delta)}`,
              body: f.reason,
              link: '/profile',
            }
          : {
              kind: 'points.adjusted',
              title: `The program team took back ${pts(-f.delta)}`,
              body: f.reason,
              link: '/profile',
            };
      case 'reference':
        return { kind: 'points.earned', title: `You earned ${pts(f.delta)}`, body: f.reason, link: '/references' };
      case 'referral':
        return { kind: 'points.earned', title: `You earned ${pts(f.delta)}`, body: f.reason, link: '/referrals' };
      case 'reversal':
        return {
          kind: 'points.reversed',
          title: `${pts(Math.abs(f.delta))} taken back`,
          body: f.reason,
          link: '/profile',
        };
    }
  }
  const titles = g.challenges.map((c) => c.title);
  const onlyChallenges = g.other === 0 && g.lost === 0;
  if (onlyChallenges) {
    const n = g.challenges.length;
    return {
      kind: 'points.grouped',
      title: `You earned ${pts(g.earned)} from ${n} ${n === 1 ? 'challenge' : 'challenges'}`,
      body: titles.length ? listTitles(titles) : null,
      link: n === 1 ? `/challenges/${g.challenges[0]!.id}` : '/profile',
    };
  }
  const parts = [g.earned ? `+${pts(g.earned)}` : null, g.lost ? `−${pts(g.lost)}` : null].filter(Boolean);
  return {
    kind: 'points.grouped',
    title: g.total >= 0 ? `You earned ${pts(g.total)}` : `You lost ${pts(-g.total)}`,
    body: `${g.events} changes to your points: ${parts.join(', ')}.`,
    link: '/profile',
  };
}
