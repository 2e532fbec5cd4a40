import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { eq, members, scimUsers, sql } from '../../server/src/db/kit.js';
import {
  cookieHeader,
  createTestApp,
  isolatedDatabase,
  login,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';

const SCIM = 'application/scim+json';
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
let key: string;
let crmKey: string;

async function apiKey(scopes: string[]) {
  const res = await admin.as({ method: 'POST', url: '/api/admin/api-keys', payload: { name: 'Okta SCIM', scopes } });
  expect(res.statusCode).toBe(201);
  return res.json().secret as string;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
  key = await apiKey(['scim']);
  crmKey = await apiKey(['referrals:read']);
});
afterAll(() => t.close());

function scim(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, secret = key) {
  return t.app.inject({
    method,
    url: `/scim/v2${url}`,
    headers: {
      authorization: `Bearer ${secret}`,
      ...(payload === undefined ? {} : { 'content-type': SCIM }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
}

async function memberRow(id: string) {
  const [row] = await t.database.db.select().from(members).where(eq(members.id, id));
  return row!;
}

describe('SCIM 2.0 provisioning', () => {
  it('answers the discovery documents', async () => {
    const spc = await scim('GET', '/ServiceProviderConfig');
    expect(spc.statusCode).toBe(200);
    expect(spc.headers['content-type']).toContain(SCIM);
    expect(spc.json()).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
    expect((await scim('GET', '/ResourceTypes')).json().Resources[0]).toMatchObject({ id: 'User', endpoint: '/Users' });
    expect((await scim('GET', '/Schemas')).json().Resources[0].id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
  });

  it('create, get, filter, patch active false, put and delete round-trip against the members table', async () => {
    const email = uniqueEmail('scim');
    const joined: unknown[] = [];
    t.app.bus.on('member.joined', (p) => {
      if (p.email === email) joined.push(p);
    });
    const created = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: email,
      externalId: 'okta-00u1',
      name: { givenName: 'Grace', familyName: 'Hopper' },
      emails: [{ value: email, primary: true, type: 'work' }],
      active: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toContain(SCIM);
    const user = created.json();
    expect(created.headers.location).toBe(`http://hub.test/scim/v2/Users/${user.id}`);
    expect(user).toMatchObject({
      userName: email,
      externalId: 'okta-00u1',
      active: true,
      name: { formatted: 'Grace Hopper' },
    });
    let row = await memberRow(user.id);
    expect(row).toMatchObject({ email, name: 'Grace Hopper', status: 'active' });
    await expect.poll(() => joined).toEqual([{ memberId: user.id, email, name: 'Grace Hopper', via: 'scim' }]);

    expect((await scim('GET', `/Users/${user.id}`)).json()).toMatchObject({ id: user.id, userName: email });

    const byName = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`);
    expect(byName.json()).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(byName.json().Resources[0].id).toBe(user.id);
    const byExternal = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "okta-00u1"')}`);
    expect(byExternal.json().Resources.map((r: { id: string }) => r.id)).toEqual([user.id]);
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@nowhere.test"')}`);
    expect(none.json()).toMatchObject({ totalResults: 0, Resources: [] });

    // The member is signed in somewhere; deactivation ends that session at once.
    await t.database.db.update(members).set({ passwordHash: admin.member.passwordHash }).where(eq(members.id, user.id));
    const jar = await login(t.app, email);
    const meBefore = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(jar) } });
    expect(meBefore.statusCode).toBe(200);

    const off = await scim('PATCH', `/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    row = await memberRow(user.id);
    expect(row.status).toBe('suspended');
    const meAfter = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(jar) } });
    expect(meAfter.statusCode).toBe(401);

    // Entra ID style: no path, capitalised op, string booleans.
    const on = await scim('PATCH', `/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', value: { active: 'True', 'name.givenName': 'Amazing Grace' } }],
    });
    expect(on.json()).toMatchObject({ active: true, name: { formatted: 'Amazing Grace Hopper' } });
    expect((await memberRow(user.id)).status).toBe('active');

    const newEmail = uniqueEmail('scim-renamed');
    const put = await scim('PUT', `/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: newEmail,
      externalId: 'okta-00u1-b',
      name: { formatted: 'Rear Admiral Hopper' },
      active: true,
    });
    expect(put.statusCode).toBe(200);
    row = await memberRow(user.id);
    expect(row).toMatchObject({ email: newEmail, name: 'Rear Admiral Hopper', status: 'active' });
    const [extra] = await t.database.db.select().from(scimUsers).where(eq(scimUsers.memberId, user.id));
    expect(extra!.externalId).toBe('okta-00u1-b');

    const del = await scim('DELETE', `/Users/${user.id}`);
    expect(del.statusCode).toBe(204);
    row = await memberRow(user.id);
    expect(row.status).toBe('suspended');
    expect((await scim('GET', `/Users/${user.id}`)).json().active).toBe(false);

    const audit = await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${user.id}` });
    const actions = audit.json().entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member.joined', 'member.suspended', 'member.reactivated']));
    const suspended = audit.json().entries.find((e: { action: string }) => e.action === 'member.suspended');
    expect(suspended.summary).toBe('SCIM provisioning (Okta SCIM) suspended Rear Admiral Hopper');
  });

  it('a user created inactive cannot sign in, and a taken userName is a uniqueness conflict', async () => {
    const email = uniqueEmail('scim-inactive');
    const res = await scim('POST', '/Users', { userName: email, active: false, displayName: 'Ina Active' });
    expect(res.statusCode).toBe(201);
    expect((await memberRow(res.json().id)).status).toBe('suspended');
    const again = await scim('POST', '/Users', { userName: email });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
    });
  });

  it('lists with startIndex and count', async () => {
    const total = (await scim('GET', '/Users?count=0')).json().totalResults as number;
    expect(total).toBeGreaterThanOrEqual(3);
    const page = (await scim('GET', '/Users?startIndex=2&count=2')).json();
    expect(page).toMatchObject({ totalResults: total, startIndex: 2, itemsPerPage: 2 });
    expect(page.Resources).toHaveLength(2);
  });

  it('errors come in SCIM format: unknown user 404, unsupported filter 400, invalid body 400', async () => {
    const missing = await scim('GET', '/Users/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: '404', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    const filter = await scim('GET', `/Users?filter=${encodeURIComponent('name.familyName co "x"')}`);
    expect(filter.statusCode).toBe(400);
    expect(filter.json().scimType).toBe('invalidFilter');
    const body = await scim('POST', '/Users', { displayName: 'No userName' });
    expect(body.statusCode).toBe(400);
    expect(body.json().status).toBe('400');
    // No route matches: a SCIM 404, even when the query holds text the API would refuse (found by fuzzing).
    const noRoute = await scim('PATCH', '/Users/?cursor=%00', { Operations: true });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.headers['content-type']).toContain('application/scim+json');
    expect(noRoute.json()).toMatchObject({ status: '404', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
  });

  it('an unknown key is 401, a key without the scim scope 403, and no key 401', async () => {
    const unknown = await scim('GET', '/Users', undefined, `ahk_000000000000_${'x'.repeat(43)}`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ status: '401' });
    const wrongScope = await scim('POST', '/Users', { userName: uniqueEmail('nope') }, crmKey);
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json()).toMatchObject({ status: '403' });
    const none = await t.app.inject({ method: 'GET', url: '/scim/v2/Users' });
    expect(none.statusCode).toBe(401);
    // A member's session is not a SCIM credential.
    const session = await admin.as({ method: 'GET', url: '/scim/v2/Users' });
    expect(session.statusCode).toBe(401);
  });

  it('never deactivates the last active admin: two sole admins deactivated at once, exactly one goes', async () => {
    const iso = await isolatedDatabase();
    const own = await createTestApp({ database: iso.database });
    try {
      const boss = await signedIn(own, { roles: ['admin'] });
      const made = await boss.as({
        method: 'POST',
        url: '/api/admin/api-keys',
        payload: { name: 'Okta SCIM', scopes: ['scim'] },
      });
      const secret = made.json().secret as string;
      const deactivate = (id: string) =>
        own.app.inject({
          method: 'PATCH',
          url: `/scim/v2/Users/${id}`,
          headers: { authorization: `Bearer ${secret}`, 'content-type': SCIM },
          payload: JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          }),
        });
      for (let round = 0; round < 5; round++) {
        const x = await signedIn(own, { roles: ['admin'] });
        const y = await signedIn(own, { roles: ['admin'] });
        await iso.database.db.execute(
          sql`delete from member_roles where role = 'admin' and member_id not in (${x.member.id}, ${y.member.id})`,
        );
        const answers = await Promise.all([deactivate(x.member.id), deactivate(y.member.id)]);
        expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
        const refused = answers.find((a) => a.statusCode === 409)!;
        expect(refused.headers['content-type']).toContain(SCIM);
        expect(refused.json()).toMatchObject({ status: '409', detail: expect.stringMatching(/last active admin/) });
        const active = await iso.database.db.execute(sql`
          select count(*)::int as n from members m join member_roles r on r.member_id = m.id
          where r.role = 'admin' and m.status = 'active'`);
        expect(active.rows[0]).toEqual({ n: 1 });
        // Once another admin exists, the remaining one can go.
        const remaining = answers[0]!.statusCode === 409 ? x : y;
        await signedIn(own, { roles: ['admin'] });
        expect((await deactivate(remaining.member.id)).statusCode).toBe(200);
      }
    } finally {
      await own.close().catch(() => {});
      await iso.drop();
    }
  });

  it('deactivation revokes refresh tokens too', async () => {
    const email = uniqueEmail('scim-rt');
    const res = await scim('POST', '/Users', { userName: email });
    const id = res.json().id as string;
    const session = await t.app.auth.startSession(id, { ip: null, userAgent: 'test' });
    await scim('DELETE', `/Users/${id}`);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `ah_rt=${session.refreshToken}` },
    });
    expect(refresh.statusCode).toBe(401);
  });
});

describe('SCIM 2.0 Groups over the hub’s groups', () => {
  const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
  const patchOp = (...Operations: Record<string, unknown>[]) => ({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations,
  });
  const newUser = async (label: string) =>
    (await scim('POST', '/Users', { userName: uniqueEmail(label), name: { formatted: `User ${label}` } })).json()
      .id as string;
  const hubMembers = async (groupId: string) =>
    (
      (await admin.as({ method: 'GET', url: `/api/admin/groups/${groupId}/members` })).json().members as {
        id: string;
      }[]
    )
      .map((m) => m.id)
      .sort();

  it('create with members, find by displayName, list without members; the group is the hub’s', async () => {
    const [a, b] = [await newUser('ga'), await newUser('gb')];
    const name = `Advisory board ${crypto.randomUUID().slice(0, 8)}`;
    const created = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: name,
      externalId: 'okta-00g1',
      members: [{ value: a }, { value: b }],
    });
    expect(created.statusCode).toBe(201);
    const g = created.json();
    expect(g).toMatchObject({ schemas: [GROUP], displayName: name, externalId: 'okta-00g1' });
    expect(g.members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());
    expect(created.headers.location).toBe(g.meta.location);
    // The admin screens see the same group and members.
    const hub = (await admin.as({ method: 'GET', url: '/api/admin/groups' })).json().groups;
    expect(hub.find((x: { id: string }) => x.id === g.id)).toMatchObject({ name, memberCount: 2 });
    expect(await hubMembers(g.id)).toEqual([a, b].sort());

    const found = await scim('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "${name.toUpperCase()}"`)}`);
    expect(found.json()).toMatchObject({ totalResults: 1, Resources: [{ id: g.id }] });
    const byExternal = await scim('GET', `/Groups?filter=${encodeURIComponent('externalId eq "okta-00g1"')}`);
    expect(byExternal.json().Resources.map((r: { id: string }) => r.id)).toContain(g.id);
    const lean = await scim('GET', `/Groups?excludedAttributes=members&count=200`);
    const mine = lean.json().Resources.find((r: { id: string }) => r.id === g.id);
    expect(mine.displayName).toBe(name);
    expect(mine.members).toBeUndefined();
    expect((await scim('GET', `/Groups/${g.id}?excludedAttributes=members`)).json().members).toBeUndefined();
    expect((await scim('GET', `/Groups/${g.id}`)).json().members).toHaveLength(2);

    const dup = await scim('POST', '/Groups', { displayName: name });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const ghost = await scim('POST', '/Groups', {
      displayName: `${name} 2`,
      members: [{ value: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().scimType).toBe('invalidValue');
    const types = (await scim('GET', '/ResourceTypes')).json().Resources.map((r: { id: string }) => r.id);
    expect(types).toEqual(['User', 'Group']);
  });

  it('PATCH as Okta and Entra send it: add, remove by filter and by value, rename; PUT sets exactly; each change audited', async () => {
    const [a, b, c] = [await newUser('pa'), await newUser('pb'), await newUser('pc')];
    const g = (await scim('POST', '/Groups', { displayName: `Beta ${crypto.randomUUID().slice(0, 8)}` })).json();
    const patch = (...ops: Record<string, unknown>[]) => scim('PATCH', `/Groups/${g.id}`, patchOp(...ops));

    expect((await patch({ op: 'Add', path: 'members', value: [{ value: a }, { value: b }] })).statusCode).toBe(200);
    expect(await hubMembers(g.id)).toEqual([a, b].sort());
    await patch({ op: 'remove', path: `members[value eq "${a}"]` });
    expect(await hubMembers(g.id)).toEqual([b]);
    await patch(
      { op: 'Remove', path: 'members', value: [{ value: b }] },
      { op: 'add', path: 'members', value: [{ value: c }] },
    );
    expect(await hubMembers(g.id)).toEqual([c]);
    const renamed = await patch({ op: 'replace', value: { id: g.id, displayName: `${g.displayName} (renamed)` } });
    expect(renamed.json().displayName).toBe(`${g.displayName} (renamed)`);
    expect((await patch({ op: 'replace', path: 'nickName', value: 'x' })).json()).toMatchObject({
      status: '400',
      scimType: 'invalidPath',
    });

    const put = await scim('PUT', `/Groups/${g.id}`, {
      displayName: g.displayName,
      members: [{ value: a }, { value: b }],
    });
    expect(put.statusCode).toBe(200);
    expect(await hubMembers(g.id)).toEqual([a, b].sort());

    const audit = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where target_type = 'group' and target_id = ${g.id} order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'group.created',
      'group.members_added',
      'group.members_removed',
      'group.members_added',
      'group.members_removed',
      'group.renamed',
      'group.renamed',
      'group.members_added',
      'group.members_removed',
    ]);
  });

  it('20 parallel PATCHes adding one member each leave all 20 in the group', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => newUser(`par${i}`)));
    const g = (await scim('POST', '/Groups', { displayName: `Parallel ${crypto.randomUUID().slice(0, 8)}` })).json();
    const answers = await Promise.all(
      users.map((u) =>
        scim('PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u }] })),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(users.map(() => 200));
    expect(await hubMembers(g.id)).toEqual([...users].sort());
  });

  it('DELETE removes an unused group, and refuses one a challenge targets (409) without touching it', async () => {
    const a = await newUser('da');
    const spare = (await scim('POST', '/Groups', { displayName: `Spare ${crypto.randomUUID().slice(0, 8)}` })).json();
    const del = await scim('DELETE', `/Groups/${spare.id}`);
    expect(del.statusCode).toBe(204);
    expect((await scim('GET', `/Groups/${spare.id}`)).statusCode).toBe(404);

    const used = (
      await scim('POST', '/Groups', { displayName: `Used ${crypto.randomUUID().slice(0, 8)}`, members: [{ value: a }] })
    ).json();
    const c = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: {
        title: `For ${used.displayName}`,
        targeting: { includeGroupIds: [used.id] },
        stages: [{ kind: 'confirm', title: 'Go', points: 5 }],
      },
    });
    expect(c.statusCode).toBe(201);
    const refused = await scim('DELETE', `/Groups/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/used by/);
    expect(await hubMembers(used.id)).toEqual([a]);
  });
});
