import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import type { LeaderboardEntry, LeaderboardResponse, LeaderboardsResponse } from '@advocate-hub/shared';
import { createTestApp, isolatedDatabase, signedIn, createMember, makeReward, type TestApp } from './helpers.js';

// Its own database: the global board ranks every member, so other files' members would move ranks.
let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database });
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.app.close();
  await iso.drop();
});

async function adjust(memberId: string, points: number) {
  const res = await admin.as({
    method: 'POST',
    url: `/api/admin/members/${memberId}/adjustments`,
    payload: { points, reason: 'test' },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** The board once the feed caught up with what was just committed (notifications arrive after commit). */
async function board(
  as: Awaited<ReturnType<typeof signedIn>>['as'],
  url: string,
  ready: (b: LeaderboardResponse) => boolean,
) {
  let last!: LeaderboardResponse;
  for (let i = 0; i < 50; i++) {
    const res = await as({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    last = res.json();
    if (ready(last)) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  return last;
}

describe('leaderboards', () => {
  it('ranks on points earned: ties share a rank, spending never lowers it, staff and suspended members are left out', async () => {
    const a = await signedIn(t, { name: 'Ada' });
    const b = await signedIn(t, { name: 'Bob' });
    const c = await signedIn(t, { name: 'Cy' });
    const d = await createMember(t.database, { name: 'Dee' });
    const staff = await createMember(t.database, { name: 'Staff', roles: ['advocate', 'admin'] });
    await adjust(a.member.id, 100);
    await adjust(b.member.id, 300);
    await adjust(c.member.id, 100);
    await adjust(d.id, 50);
    await adjust(staff.id, 1000);
    // Spending takes from the balance, not from what was earned.
    const reward = await makeReward(admin, { cost: 250 });
    const spent = await b.as({
      method: 'POST',
      url: `/api/rewards/${reward.id}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(spent.statusCode, spent.body).toBe(201);

    const res = await board(a.as, '/api/leaderboards/global?limit=10', (x) => x.total === 4);
    expect(res.entries.map((e: LeaderboardEntry) => [e.rank, e.name, e.points])).toEqual([
      [1, 'Bob', 300],
      [2, 'Ada', 100],
      [2, 'Cy', 100],
      [4, 'Dee', 50],
    ]);
    expect(res.me).toMatchObject({ rank: 2, points: 100, ranked: true, toPass: { name: 'Bob', points: 201 } });
    expect(res.entries.find((e: LeaderboardEntry) => e.isMe)?.name).toBe('Ada');

    // Staff who are advocates are ranked once the admin opts them in (the first write of the settings row).
    const opt = await admin.as({
      method: 'PUT',
      url: '/api/admin/leaderboards/settings',
      payload: { includeStaff: true },
    });
    expect(opt.json()).toEqual({ settings: { includeStaff: true } });
    const withStaff = await board(a.as, '/api/leaderboards/global?limit=10', (x) => x.total === 5);
    expect(withStaff.entries.map((e: LeaderboardEntry) => [e.rank, e.name])).toEqual([
      [1, 'Staff'],
      [2, 'Bob'],
      [3, 'Ada'],
      [3, 'Cy'],
      [5, 'Dee'],
    ]);
    await admin.as({ method: 'PUT', url: '/api/admin/leaderboards/settings', payload: { includeStaff: false } });

    // A renamed member shows under the new name at once (the name cache hears of it).
    await t.database.pool.query(`update members set name = 'Robert' where id = $1`, [b.member.id]);
    const renamed = await board(a.as, '/api/leaderboards/global?limit=10', (x) => x.entries[0]?.name === 'Robert');
    expect(renamed.entries[0]).toMatchObject({ rank: 1, name: 'Robert', points: 300 });
    expect(renamed.me?.toPass?.name).toBe('Robert');

    // A suspended member leaves the board at once.
    const off = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${d.id}/suspend`,
      payload: { reason: 'test' },
    });
    expect(off.statusCode, off.body).toBe(200);
    const after = await board(a.as, '/api/leaderboards/global?limit=10', (x) => x.total === 3);
    expect(after.entries.map((e: LeaderboardEntry) => e.name)).toEqual(['Robert', 'Ada', 'Cy']);
  });

  it('a member may be anonymous (the same alias on every board) or hidden (and still sees where they stand)', async () => {
    const m = await signedIn(t, { name: 'Shy Person' });
    await adjust(m.member.id, 5000);
    let me = await m.as({ method: 'PATCH', url: '/api/me', payload: { leaderboardVisibility: 'anonymous' } });
    expect(me.statusCode, me.body).toBe(200);
    const alias = me.json().alias as string;
    expect(alias).toMatch(/^Advocate #\d+$/);
    const anon = await board(m.as, '/api/leaderboards/global', (x) => x.entries[0]?.name === alias);
    expect(anon.entries[0]).toMatchObject({ rank: 1, name: alias, anonymous: true, isMe: true });
    expect(anon.entries[0]?.memberId).not.toBe(m.member.id);
    const seenByAdmin = await admin.as({ method: 'GET', url: '/api/leaderboards/global' });
    expect(JSON.stringify(seenByAdmin.json())).not.toContain('Shy Person');

    me = await m.as({ method: 'PATCH', url: '/api/me', payload: { leaderboardVisibility: 'hidden' } });
    const hidden = await board(m.as, '/api/leaderboards/global', (x) => x.entries[0]?.name !== alias);
    expect(hidden.entries.some((e: LeaderboardEntry) => e.isMe || e.name === alias)).toBe(false);
    expect(hidden.me).toMatchObject({ rank: 1, ranked: false, visibility: 'hidden', points: 5000 });
  });

  it('group boards are for their members and admins', async () => {
    const g = await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: `G ${Date.now()}` } });
    expect(g.statusCode, g.body).toBe(201);
    const groupId = g.json().group.id;
    const inside = await signedIn(t, { name: 'Inside' });
    const outside = await signedIn(t, { name: 'Outside' });
    await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${groupId}/members`,
      payload: { memberIds: [inside.member.id] },
    });
    await adjust(inside.member.id, 10);
    const res = await board(inside.as, `/api/leaderboards/group:${groupId}`, (x) => x.total === 1);
    expect(res.entries.map((e: LeaderboardEntry) => e.name)).toEqual(['Inside']);
    const refused = await outside.as({ method: 'GET', url: `/api/leaderboards/group:${groupId}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('leaderboards.not_on_board');
    const list = await inside.as({ method: 'GET', url: '/api/leaderboards' });
    expect(
      (list.json() as LeaderboardsResponse).boards.map((b: LeaderboardsResponse['boards'][number]) => b.id),
    ).toContain(`group:${groupId}`);
  });
});
