import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, invites, sql } from '../../server/src/db/kit.js';
import { cookiesOf, createMember, createTestApp, signedIn, uniqueEmail, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

async function invite(body: Record<string, unknown>) {
  const res = await admin.as({ method: 'POST', url: '/api/admin/invites', payload: body });
  return res;
}
const tokenOf = (inviteUrl: string) => inviteUrl.split('/').pop()!;
const accept = (token: string, name = 'New Person', password = 'a-long-enough-password') =>
  t.app.inject({ method: 'POST', url: '/api/auth/invites/accept', payload: { token, name, password } });

describe('invites', () => {
  it('invite → open the link → accept → signed in with the invited roles, trusted', async () => {
    const email = uniqueEmail('invitee');
    const res = await invite({ email, name: 'Ivy Invitee', roles: ['advocate', 'moderator'] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.invite).toMatchObject({ email, roles: ['advocate', 'moderator'] });
    expect(body.inviteUrl).toMatch(/^http:\/\/hub\.test\/invite\/[\w-]{40,}$/);
    expect(new Date(body.invite.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);

    const token = tokenOf(body.inviteUrl);
    const lookup = await t.app.inject({ method: 'GET', url: `/api/auth/invites/${token}` });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json().invite).toMatchObject({ email, name: 'Ivy Invitee' });

    const acc = await accept(token, 'Ivy I.');
    expect(acc.statusCode).toBe(201);
    expect(acc.json().member).toMatchObject({ email, name: 'Ivy I.', roles: ['advocate', 'moderator'], trusted: true });
    const jar = cookiesOf(acc);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ah_at=${jar.ah_at}` } });
    expect(me.statusCode).toBe(200);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'a-long-enough-password' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('is single-use: 10 parallel accepts of one link create exactly one account', async () => {
    const res = await invite({ email: uniqueEmail() });
    const token = tokenOf(res.json().inviteUrl);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => accept(token, `Racer ${i}`)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(410);
      expect(r.json().error.code).toBe('invites.used');
    }
    const again = await accept(token);
    expect(again.json().error.code).toBe('invites.used');
  });

  it('expires', async () => {
    const res = await invite({ email: uniqueEmail() });
    const token = tokenOf(res.json().inviteUrl);
    await t.database.db
      .update(invites)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invites.id, res.json().invite.id));
    const r = await accept(token);
    expect(r.statusCode).toBe(410);
    expect(r.json().error.code).toBe('invites.expired');
    expect((await t.app.inject({ method: 'GET', url: `/api/auth/invites/${token}` })).statusCode).toBe(410);
  });

  it('a second invite to the same person replaces the first link', async () => {
    const email = uniqueEmail();
    const first = tokenOf((await invite({ email })).json().inviteUrl);
    const second = tokenOf((await invite({ email, roles: ['admin'] })).json().inviteUrl);
    expect((await accept(first)).statusCode).toBe(404);
    const ok = await accept(second);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().member.roles).toEqual(['admin']);
  });

  it('refuses an email that already belongs to an active member (409) and a made-up token (404)', async () => {
    const m = await createMember(t.database);
    const r = await invite({ email: m.email });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('members.email_taken');
    const bogus = await accept('this-token-does-not-exist-at-all');
    expect(bogus.statusCode).toBe(404);
    expect(bogus.json().error.code).toBe('invites.invalid');
  });

  it('enforces the password policy on accept and keeps the invite usable', async () => {
    const email = uniqueEmail('policy');
    const token = tokenOf((await invite({ email })).json().inviteUrl);
    const short = await accept(token, 'P', 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('auth.password_policy');
    const isEmail = await accept(token, 'P', email);
    expect(isEmail.statusCode).toBe(400);
    expect(isEmail.json().error.details.problems).toContain('is_email');
    expect((await accept(token, 'P', 'finally-a-good-one')).statusCode).toBe(201);
  });

  it('only admins invite; the action is audited', async () => {
    const advocate = await signedIn(t);
    const email = uniqueEmail();
    const r = await advocate.as({ method: 'POST', url: '/api/admin/invites', payload: { email } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('auth.forbidden');
    const anon = await t.app.inject({ method: 'POST', url: '/api/admin/invites', payload: { email } });
    expect(anon.statusCode).toBe(401);

    const ok = await invite({ email });
    const audit = await admin.as({ method: 'GET', url: '/api/admin/audit?limit=200' });
    const entry = audit
      .json()
      .entries.find(
        (e: { action: string; data: { inviteId?: string } }) =>
          e.action === 'member.invited' && e.data.inviteId === ok.json().invite.id,
      );
    expect(entry).toMatchObject({ actorId: admin.member.id, targetType: 'member' });
  });
});
