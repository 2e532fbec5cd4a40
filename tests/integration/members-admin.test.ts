import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createMember, createTestApp, isolatedDatabase, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'], name: 'Admin Person' });
});
afterAll(async () => {
  await t.close();
});

type Listed = { id: string; email: string; roles: string[]; status: string };

describe('admin members', () => {
  it('searches by name, email or company and filters by role and status', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    const a = await createMember(t.database, { name: `Quincy ${tag}`, company: 'Acme' });
    const b = await createMember(t.database, {
      name: 'Other Person',
      company: `${tag} Industries`,
      roles: ['moderator'],
    });
    await createMember(t.database, { name: `Suspended ${tag}`, status: 'suspended' });

    const byName = (await admin.as({ method: 'GET', url: `/api/admin/members?q=${tag}` })).json();
    expect(byName.total).toBe(3);
    const mods = (await admin.as({ method: 'GET', url: `/api/admin/members?q=${tag}&role=moderator` })).json();
    expect(mods.members.map((m: Listed) => m.id)).toEqual([b.id]);
    const susp = (await admin.as({ method: 'GET', url: `/api/admin/members?q=${tag}&status=suspended` })).json();
    expect(susp.members).toHaveLength(1);
    const byEmail = (
      await admin.as({ method: 'GET', url: `/api/admin/members?q=${encodeURIComponent(a.email.toUpperCase())}` })
    ).json();
    expect(byEmail.members.map((m: Listed) => m.id)).toEqual([a.id]);
    // LIKE wildcards in the search are literal
    expect((await admin.as({ method: 'GET', url: `/api/admin/members?q=%25%25%25${tag}` })).json().total).toBe(0);
  });

  it('pages through every member exactly once with the cursor', async () => {
    // Other test files add members concurrently: page over this test's own members only.
    const tag = `pg${Date.now().toString(36)}`;
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push((await createMember(t.database, { company: tag })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res = await admin.as({
        method: 'GET',
        url: `/api/admin/members?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      });
      const body = res.json();
      total = body.total;
      seen.push(...body.members.map((m: Listed) => m.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(total).toBe(7);
    expect(seen).toEqual(mine.reverse()); // newest first, each once
  });

  it('rejects bad query input with 400', async () => {
    const r = await admin.as({ method: 'GET', url: '/api/admin/members?limit=0&role=wizard' });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.details.fields).sort()).toEqual(['limit', 'role']);
  });

  it('changes roles, and records who did it', async () => {
    const m = await createMember(t.database);
    const r = await admin.as({
      method: 'PUT',
      url: `/api/admin/members/${m.id}/roles`,
      payload: { roles: ['moderator', 'advocate'] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().member.roles).toEqual(['advocate', 'moderator']);
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.id}` })).json();
    expect(audit.entries[0]).toMatchObject({
      action: 'member.roles_changed',
      actorId: admin.member.id,
      actorName: 'Admin Person',
      data: { from: ['advocate'], to: ['advocate', 'moderator'] },
    });
    const none = await admin.as({ method: 'PUT', url: `/api/admin/members/${m.id}/roles`, payload: { roles: [] } });
    expect(none.statusCode).toBe(400);
  });

  it('a role change takes effect on the next request, not when the token expires', async () => {
    const m = await signedIn(t, { roles: ['admin'] });
    expect((await m.as({ method: 'GET', url: '/api/admin/members' })).statusCode).toBe(200);
    await admin.as({ method: 'PUT', url: `/api/admin/members/${m.member.id}/roles`, payload: { roles: ['advocate'] } });
    expect((await m.as({ method: 'GET', url: '/api/admin/members' })).statusCode).toBe(403);
  });

  it('an admin cannot demote or suspend themself', async () => {
    const d = await admin.as({
      method: 'PUT',
      url: `/api/admin/members/${admin.member.id}/roles`,
      payload: { roles: ['advocate'] },
    });
    expect(d.statusCode).toBe(422);
    expect(d.json().error.code).toBe('members.self_lockout');
    const s = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${admin.member.id}/suspend`,
      payload: { reason: 'x' },
    });
    expect(s.json().error.code).toBe('members.self_lockout');
  });

  it('two sole admins demoting each other at once: exactly one succeeds, one admin remains', async () => {
    const iso = await isolatedDatabase();
    const own = await createTestApp({ database: iso.database });
    try {
      for (let round = 0; round < 5; round++) {
        const x = await signedIn(own, { roles: ['admin'] });
        const y = await signedIn(own, { roles: ['admin'] });
        // Only x and y are admins in this database.
        await iso.database.db.execute(
          sql`delete from member_roles where role = 'admin' and member_id not in (${x.member.id}, ${y.member.id})`,
        );
        const [rx, ry] = await Promise.all([
          x.as({ method: 'PUT', url: `/api/admin/members/${y.member.id}/roles`, payload: { roles: ['advocate'] } }),
          y.as({ method: 'PUT', url: `/api/admin/members/${x.member.id}/roles`, payload: { roles: ['advocate'] } }),
        ]);
        const statuses = [rx.statusCode, ry.statusCode].sort();
        // Either one wins and the other is refused (last admin, or no longer admin: 403), never both.
        expect(statuses[0]).toBe(200);
        expect([403, 422]).toContain(statuses[1]);
        const admins = await iso.database.db.execute(
          sql`select count(*)::int as n from member_roles where role = 'admin'`,
        );
        expect(admins.rows[0]).toEqual({ n: 1 });
      }
    } finally {
      await own.close().catch(() => {});
      await iso.drop();
    }
  });

  it('suspends with a reason and reactivates; both audited', async () => {
    const m = await createMember(t.database);
    const noReason = await admin.as({ method: 'POST', url: `/api/admin/members/${m.id}/suspend`, payload: {} });
    expect(noReason.statusCode).toBe(400);
    const s = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${m.id}/suspend`,
      payload: { reason: 'abusive posts' },
    });
    expect(s.json().member.status).toBe('suspended');
    const r = await admin.as({ method: 'POST', url: `/api/admin/members/${m.id}/reactivate`, payload: {} });
    expect(r.json().member.status).toBe('active');
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.id}` })).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['member.reactivated', 'member.suspended']);
    expect(audit.entries[1].data.reason).toBe('abusive posts');
  });

  it('unknown members are 404, malformed ids 400', async () => {
    const r = await admin.as({ method: 'GET', url: '/api/admin/members/00000000-0000-4000-8000-000000000000' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('members.not_found');
    expect((await admin.as({ method: 'GET', url: '/api/admin/members/not-a-uuid' })).statusCode).toBe(400);
  });

  it('moderators and advocates cannot reach admin routes', async () => {
    for (const roles of [['moderator'], ['advocate']] as const) {
      const who = await signedIn(t, { roles: [...roles] });
      for (const [method, url] of [
        ['GET', '/api/admin/members'],
        ['GET', '/api/admin/audit'],
        ['PATCH', '/api/admin/program'],
      ] as const) {
        const res = await who.as({ method, url, payload: method === 'PATCH' ? { name: 'x' } : undefined });
        expect(res.statusCode, `${roles} ${method} ${url}`).toBe(403);
      }
    }
  });
});
