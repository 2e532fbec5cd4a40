import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry, LeaderboardMe, WallActivity } from '@advocate-hub/shared';
import {
  isTied,
  neighbourRows,
  ordinal,
  rankMap,
  rankMoves,
  standingKey,
  standingSentence,
} from '../../web/src/features/leaderboards/lib/leaderboard';
import { addActivity, mergeActivity, TICKER_MAX } from '../../web/src/features/leaderboards/lib/wall';
import { backoffDelay, isAuthRefusal } from '../../web/src/features/realtime/lib/backoff';

const row = (memberId: string, rank: number, points: number, isMe = false): LeaderboardEntry => ({
  memberId,
  rank,
  points,
  name: memberId,
  anonymous: false,
  isMe,
  avatarUrl: null,
});

const me = (over: Partial<LeaderboardMe> = {}): LeaderboardMe => ({
  rank: 4,
  points: 120,
  visibility: 'named',
  ranked: true,
  neighbours: [],
  toPass: { name: 'Grace Hopper', points: 15 },
  ...over,
});

describe('the leaderboard screen', () => {
  it('says where I stand in one sentence, with who to pass next', () => {
    expect(standingSentence(me(), 37)).toBe('You are 4th of 37 with 120 points. 15 points to pass Grace Hopper.');
    expect(standingSentence(me({ rank: 1, toPass: null }), 37)).toBe(
      'You are 1st of 37 with 120 points. You’re at the top.',
    );
    expect(standingSentence(me({ ranked: false, rank: null }), 37)).toBe('Staff aren’t ranked on this board.');
    expect(standingSentence(me({ visibility: 'hidden', ranked: false }), 37)).toContain('You’re hidden');
    expect(standingSentence(null, 37)).toBe('You are not on this board.');
  });

  it('announces a change of my standing only, not a change in the number of others', () => {
    expect(standingKey(me())).toBe(standingKey(me()));
    expect(standingKey(me({ rank: 3 }))).not.toBe(standingKey(me()));
    expect(standingKey(me({ toPass: { name: 'Grace Hopper', points: 5 } }))).not.toBe(standingKey(me()));
  });

  it('orders like English: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
    ]);
  });

  it('shows who moved up, down or is new since the previous list', () => {
    const before = rankMap([row('a', 1, 50), row('b', 2, 40), row('c', 3, 30)]);
    const moves = rankMoves(before, [row('d', 1, 90), row('a', 2, 50), row('c', 3, 30)]);
    expect(moves.get('d')).toEqual({ kind: 'new' });
    expect(moves.get('a')).toEqual({ kind: 'down', places: 1 });
    expect(moves.has('c')).toBe(false);
    expect(rankMoves(null, [row('a', 1, 1)]).size).toBe(0);
  });

  it('marks equal ranks as tied (1, 2, 2, 4)', () => {
    const list = [row('a', 1, 9), row('b', 2, 5), row('c', 2, 5), row('d', 4, 1)];
    expect(list.map((_, i) => isTied(list, i))).toEqual([false, true, true, false]);
  });

  it('shows my neighbours only when I am not on the top list', () => {
    const neighbours = [row('x', 40, 10), row('me', 41, 9, true)];
    expect(neighbourRows(me({ neighbours }), [row('a', 1, 99)])).toHaveLength(2);
    expect(neighbourRows(me({ neighbours }), [row('me', 1, 99, true)])).toEqual([]);
  });
});

describe('the event wall', () => {
  const item = (id: string, at: number): WallActivity => ({
    id,
    at: new Date(at).toISOString(),
    name: 'Ada',
    text: 'completed a challenge',
    points: 10,
  });

  it('keeps the ticker bounded however long it runs, newest first, without duplicates', () => {
    let items: WallActivity[] = [];
    for (let i = 0; i < 1000; i++) items = addActivity(items, item(String(i), i));
    expect(items).toHaveLength(TICKER_MAX);
    expect(items[0]!.id).toBe('999');
    expect(addActivity(items, item('999', 999))).toBe(items);
    const merged = mergeActivity([item('1', 1), item('3', 3)], [item('2', 2), item('3', 3)]);
    expect(merged.map((i) => i.id)).toEqual(['3', '2', '1']);
  });
});

describe('the live connection', () => {
  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(backoffDelay(0, 1000, 30_000, 0)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, 0)).toBe(8000);
    expect(backoffDelay(20, 1000, 30_000, 0.5, () => 1)).toBe(30_000);
    expect(backoffDelay(2, 1000, 30_000, 0.5, () => 0)).toBe(2000);
  });

  it('refreshes the session for auth refusals only', () => {
    expect(isAuthRefusal('auth.invalid_token')).toBe(true);
    expect(isAuthRefusal('auth.session_ended')).toBe(true);
    expect(isAuthRefusal('service.unavailable')).toBe(false);
    expect(isAuthRefusal(undefined)).toBe(false);
  });
});
