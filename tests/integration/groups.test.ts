import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complete, createTestApp, makeChallenge, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

const newGroup = async (name: string) => {
  const r = await admin.as({
    method: 'POST',
    url: '/api/admin/groups',
    payload: { name: `${name} ${Math.random().toString(36).slice(2, 7)}` },
  });
  expect(r.statusCode).toBe(201);
  return r.json().group as { id: string; name: string };
};
const feedIds = async (m: Awaited<ReturnType<typeof signedIn>>) =>
  (await m.as({ method: 'GET', url: '/api/challenges' }))
    .json()
    .challenges.map((c: { id: string }) => c.id) as string[];

describe('groups and targeting', () => {
  it('admins manage groups and their members (audited); unknown members are refused', async () => {
    const g = await newGroup('Beta testers');
    const m = await signedIn(t);
    const add = await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${g.id}/members`,
      payload: { memberIds: [m.member.id] },
    });
    expect(add.json().group.memberCount).toBe(1);
    const bad = await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${g.id}/members`,
      payload: { memberIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(422);
    const list = (await admin.as({ method: 'GET', url: `/api/admin/groups/${g.id}/members` })).json().members;
    expect(list.map((x: { id: string }) => x.id)).toEqual([m.member.id]);
    const dup = await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: g.name } });
    expect(dup.statusCode).toBe(409);
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${g.id}` }))
      .json()
      .entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['group.members_added', 'group.created']);
    expect((await m.as({ method: 'GET', url: '/api/admin/groups' })).statusCode).toBe(403);
  });

  it('include and exclude targeting by group: exclusion wins; hidden challenges cannot be completed', async () => {
    const insiders = await newGroup('Insiders');
    const blocked = await newGroup('Competitors');
    const c = await makeChallenge(admin, {
      targeting: { includeGroupIds: [insiders.id], excludeGroupIds: [blocked.id] },
    });
    const inside = await signedIn(t);
    const both = await signedIn(t);
    const outside = await signedIn(t);
    await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${insiders.id}/members`,
      payload: { memberIds: [inside.member.id, both.member.id] },
    });
    await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${blocked.id}/members`,
      payload: { memberIds: [both.member.id] },
    });
    expect(await feedIds(inside)).toContain(c.id);
    expect(await feedIds(both)).not.toContain(c.id);
    expect(await feedIds(outside)).not.toContain(c.id);
    expect((await complete(outside, c.id)).statusCode).toBe(404);
    expect((await complete(both, c.id)).statusCode).toBe(404);
    expect((await complete(inside, c.id)).statusCode).toBe(201);
    const view = (await inside.as({ method: 'GET', url: `/api/challenges/${c.id}` })).json().challenge;
    expect(view.recommendation).toBeGreaterThanOrEqual(20);
  });

  it('a join-group step adds the member to the group; unknown groups and segments are refused at authoring', async () => {
    const g = await newGroup('Data leaders');
    const c = await makeChallenge(admin, {
      stages: [{ kind: 'join_group', title: 'Join Data leaders', points: 10, config: { groupId: g.id } }],
    });
    const m = await signedIn(t);
    expect((await complete(m, c.id)).statusCode).toBe(201);
    const members = (await admin.as({ method: 'GET', url: `/api/admin/groups/${g.id}/members` })).json().members;
    expect(members.map((x: { id: string }) => x.id)).toEqual([m.member.id]);
    const ghost = '00000000-0000-4000-8000-000000000000';
    const r1 = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: { title: 'x', stages: [{ kind: 'join_group', title: 'x', points: 1, config: { groupId: ghost } }] },
    });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.code).toBe('challenges.unknown_target');
    const r2 = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: {
        title: 'x',
        stages: [{ kind: 'confirm', title: 'x', points: 1 }],
        targeting: { includeSegmentIds: [ghost] },
      },
    });
    expect(r2.statusCode).toBe(422);
  });
});
