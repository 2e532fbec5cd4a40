import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complete, createTestApp, isolatedDatabase, makeChallenge, signedIn, type TestApp } from './helpers.js';

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

  it('a group, level or segment still in use cannot be deleted; the refusal names what uses it', async () => {
    const g = await newGroup('Early adopters');
    const c = await makeChallenge(admin, { title: `For ${g.name}`, targeting: { includeGroupIds: [g.id] } });
    const joiner = await makeChallenge(admin, {
      title: `Join ${g.name}`,
      stages: [{ kind: 'join_group', title: 'Join', points: 5, config: { groupId: g.id } }],
    });
    const seg = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/segments',
        payload: { name: `In ${g.name}`, rule: { conditions: [{ field: 'groups', op: 'in_any', groupIds: [g.id] }] } },
      })
    ).json().segment;
    const reward = (
      await admin.as({
        method: 'POST',
        url: '/api/admin/rewards',
        payload: {
          name: `Perk for ${g.name}`,
          type: 'custom',
          cost: 5,
          stock: null,
          visibility: { includeSegmentIds: [seg.id] },
        },
      })
    ).json().reward;

    const del = await admin.as({ method: 'DELETE', url: `/api/admin/groups/${g.id}` });
    expect([del.statusCode, del.json().error.code]).toEqual([409, 'groups.in_use']);
    expect(del.json().error.message).toContain('2 challenges and 1 segment');
    expect(
      del
        .json()
        .error.details.challenges.map((x: { id: string }) => x.id)
        .sort(),
    ).toEqual([c.id, joiner.id].sort());
    expect(del.json().error.details.segments).toEqual([{ id: seg.id, name: seg.name }]);

    const segDel = await admin.as({ method: 'DELETE', url: `/api/admin/segments/${seg.id}` });
    expect([segDel.statusCode, segDel.json().error.code]).toEqual([409, 'segments.in_use']);
    expect(segDel.json().error.details.rewards).toEqual([{ id: reward.id, name: reward.name }]);

    // Levels are program-wide: that part runs in a database of its own.
    const iso = await isolatedDatabase();
    const own = await createTestApp({ database: iso.database });
    try {
      const boss = await signedIn(own, { roles: ['admin'] });
      const level = (
        await boss.as({ method: 'POST', url: '/api/admin/levels', payload: { name: 'Insider', threshold: 0 } })
      ).json().level;
      const byLevel = (
        await boss.as({
          method: 'POST',
          url: '/api/admin/segments',
          payload: { name: 'Insiders', rule: { conditions: [{ field: 'level', op: 'at_least', levelId: level.id }] } },
        })
      ).json().segment;
      const lvlDel = await boss.as({ method: 'DELETE', url: `/api/admin/levels/${level.id}` });
      expect([lvlDel.statusCode, lvlDel.json().error.code]).toEqual([409, 'levels.in_use']);
      // Once nothing names it, it goes.
      expect((await boss.as({ method: 'DELETE', url: `/api/admin/segments/${byLevel.id}` })).statusCode).toBe(200);
      expect((await boss.as({ method: 'DELETE', url: `/api/admin/levels/${level.id}` })).statusCode).toBe(200);
    } finally {
      await own.app.close();
      await iso.drop();
    }
  });
});
