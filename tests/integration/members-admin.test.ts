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

describe('admin edits a member profile', () => {
  const url = (id: string) => `/api/admin/members/${id}`;

  it('an admin edits profile fields and the member list and detail return them', async () => {
    const tag = `pf${Date.now().toString(36)}`;
    const m = await createMember(t.database, { name: 'Profile Person', company: 'Old Co', trusted: false });
    const r = await admin.as({
      method: 'PATCH',
      url: url(m.id),
      payload: {
        name: '  Pat Profile ',
        company: `${tag} Corp`,
        title: 'VP Engineering',
        industry: 'Fintech',
        region: 'EMEA',
        persona: 'Champion',
        products: ['Analytics', 'Billing'],
        tags: ['beta', 'speaker'],
        timezone: 'Europe/Berlin',
        trusted: true,
      },
    });
    expect(r.statusCode).toBe(200);
    const expected = {
      id: m.id,
      name: 'Pat Profile',
      company: `${tag} Corp`,
      title: 'VP Engineering',
      industry: 'Fintech',
      region: 'EMEA',
      persona: 'Champion',
      products: ['Analytics', 'Billing'],
      tags: ['beta', 'speaker'],
      timezone: 'Europe/Berlin',
      trusted: true,
    };
    expect(r.json().member).toMatchObject(expected);
    expect((await admin.as({ method: 'GET', url: url(m.id) })).json().member).toMatchObject(expected);
    const listed = (await admin.as({ method: 'GET', url: `/api/admin/members?q=${tag}` })).json();
    expect(listed.members).toHaveLength(1);
    expect(listed.members[0]).toMatchObject(expected);
  });

  it('only the fields sent change', async () => {
    const m = await createMember(t.database, { name: 'Partial Person', company: 'Keep Co' });
    await admin.as({ method: 'PATCH', url: url(m.id), payload: { region: 'APAC', tags: ['a'] } });
    const r = await admin.as({ method: 'PATCH', url: url(m.id), payload: { industry: 'Retail' } });
    expect(r.json().member).toMatchObject({
      name: 'Partial Person',
      company: 'Keep Co',
      region: 'APAC',
      industry: 'Retail',
      tags: ['a'],
      trusted: true,
    });
  });

  it('empty strings clear text fields to null', async () => {
    const m = await createMember(t.database, { company: 'Gone Co' });
    await admin.as({ method: 'PATCH', url: url(m.id), payload: { title: 'CTO', timezone: 'Asia/Tokyo' } });
    const r = await admin.as({
      method: 'PATCH',
      url: url(m.id),
      payload: { company: '', title: '   ', industry: null, timezone: '' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().member).toMatchObject({ company: null, title: null, industry: null, timezone: null });
  });

  it('products and tags are trimmed and lose repeats, keeping the first order', async () => {
    const m = await createMember(t.database);
    const r = await admin.as({
      method: 'PATCH',
      url: url(m.id),
      payload: { tags: ['vip', ' beta ', 'vip', 'beta', 'speaker'], products: ['Core', 'Core'] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().member.tags).toEqual(['vip', 'beta', 'speaker']);
    expect(r.json().member.products).toEqual(['Core']);
  });

  it('refuses values that break the limits with field errors', async () => {
    const m = await createMember(t.database);
    const r = await admin.as({
      method: 'PATCH',
      url: url(m.id),
      payload: {
        name: '',
        company: 'x'.repeat(121),
        tags: ['ok', ''],
        products: Array.from({ length: 31 }, (_, i) => `p${i}`),
      },
    });
    expect(r.statusCode).toBe(400);
    expect(Object.keys(r.json().error.details.fields).sort()).toEqual(['company', 'name', 'products', 'tags.1']);
  });

  it('an unknown time zone is refused with members.invalid_timezone; zone names are stored canonically', async () => {
    const m = await createMember(t.database);
    for (const timezone of ['Mars/Olympus', '+05:00', 'not a zone']) {
      const r = await admin.as({ method: 'PATCH', url: url(m.id), payload: { timezone } });
      expect(r.statusCode, timezone).toBe(422);
      expect(r.json().error.code).toBe('members.invalid_timezone');
    }
    expect((await admin.as({ method: 'GET', url: url(m.id) })).json().member.timezone).toBeNull();
    const ok = await admin.as({ method: 'PATCH', url: url(m.id), payload: { timezone: 'america/new_york' } });
    expect(ok.json().member.timezone).toBe('America/New_York');
  });

  it('moderators and advocates cannot edit profiles', async () => {
    const m = await createMember(t.database, { company: 'Same Co' });
    for (const roles of [['moderator'], ['advocate']] as const) {
      const who = await signedIn(t, { roles: [...roles] });
      const r = await who.as({ method: 'PATCH', url: url(m.id), payload: { company: 'Hacked' } });
      expect(r.statusCode, roles[0]).toBe(403);
      // Not even their own profile through the admin route.
      const own = await who.as({ method: 'PATCH', url: url(who.member.id), payload: { trusted: true } });
      expect(own.statusCode).toBe(403);
    }
    expect((await admin.as({ method: 'GET', url: url(m.id) })).json().member.company).toBe('Same Co');
  });

  it('an unknown member is 404 members.not_found', async () => {
    const r = await admin.as({
      method: 'PATCH',
      url: url('00000000-0000-4000-8000-000000000000'),
      payload: { company: 'Nobody' },
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('members.not_found');
  });

  it('records the changed fields with before and after values, and nothing when nothing changed', async () => {
    const m = await createMember(t.database, { company: 'Before Co', trusted: false });
    await admin.as({
      method: 'PATCH',
      url: url(m.id),
      payload: { company: 'After Co', tags: ['beta'], trusted: false, title: '' },
    });
    const audit = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.id}` })).json();
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({
      action: 'member.profile_updated',
      actorId: admin.member.id,
      targetType: 'member',
      data: {
        fields: ['company', 'tags'],
        before: { company: 'Before Co', tags: [] },
        after: { company: 'After Co', tags: ['beta'] },
      },
    });
    // Sending the same values again changes nothing and writes no audit row.
    const again = await admin.as({ method: 'PATCH', url: url(m.id), payload: { company: 'After Co', tags: ['beta'] } });
    expect(again.statusCode).toBe(200);
    const after = (await admin.as({ method: 'GET', url: `/api/admin/audit?targetId=${m.id}` })).json();
    expect(after.entries).toHaveLength(1);
  });
});
