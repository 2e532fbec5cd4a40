/**
 * Guards every route inherits: cross-site requests on the session cookie, sessions that end at once,
 * cursors and text that cannot reach the database, and answers always in the error envelope.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, cookieHeader, makeChallenge, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
const HUB = 'http://hub.test'; // PUBLIC_URL of createTestApp

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

const draft = async () => (await makeChallenge(admin, { status: 'draft' })).id;
const statusOf = async (id: string) =>
  (await admin.as({ method: 'GET', url: `/api/admin/challenges/${id}` })).json().challenge.status as string;

describe('cross-site requests on the session cookie (CSRF)', () => {
  it('a no-cors fetch from another port of the same site cannot publish a draft', async () => {
    const id = await draft();
    const res = await admin.as({
      method: 'POST',
      url: `/api/admin/challenges/${id}/publish`,
      headers: { origin: 'http://hub.test:8080', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' },
      payload: '',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('request.cross_origin');
    expect(await statusOf(id)).toBe('draft');
  });

  it('a text/plain form post from a subdomain, in a browser without Sec-Fetch-Site, is refused by its Origin', async () => {
    const id = await draft();
    const res = await admin.as({
      method: 'POST',
      url: `/api/admin/challenges/${id}/duplicate`,
      headers: { origin: 'http://evil.hub.test', 'content-type': 'text/plain' },
      payload: 'a=b',
    });
    expect(res.statusCode).toBe(403);
    const list = await admin.as({ method: 'GET', url: `/api/admin/challenges?q=${encodeURIComponent('Challenge')}` });
    expect(list.statusCode).toBe(200);
  });

  it('a same-origin form post with a non-JSON body is refused with 415 and changes nothing', async () => {
    const id = await draft();
    const res = await admin.as({
      method: 'POST',
      url: `/api/admin/challenges/${id}/publish`,
      headers: { origin: HUB, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'x=1',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('request.unsupported_media_type');
    expect(await statusOf(id)).toBe('draft');
  });

  it('a cross-site sign-out is refused and the session lives on', async () => {
    const m = await signedIn(t);
    const res = await m.as({ method: 'POST', url: '/api/auth/logout', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(403);
    expect((await m.as({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);
  });

  it('the hub’s own pages (same-origin, JSON) and Bearer clients are not affected', async () => {
    const id = await draft();
    const res = await admin.as({
      method: 'POST',
      url: `/api/admin/challenges/${id}/publish`,
      headers: { origin: HUB, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(200);
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: admin.member.email, password: 'correct-horse-battery' },
    });
    const id2 = await draft();
    const bearer = await t.app.inject({
      method: 'POST',
      url: `/api/admin/challenges/${id2}/publish`,
      headers: { authorization: `Bearer ${token.json().accessToken}`, origin: 'http://elsewhere.example' },
    });
    expect(bearer.statusCode).toBe(200);
  });
});

describe('sessions end at once', () => {
  it('after sign-out the access token is refused at once, not when it expires', async () => {
    const m = await signedIn(t);
    const access = m.jar.ah_at!;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `ah_at=${access}` } })).statusCode,
    ).toBe(200);
    const out = await m.as({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(200);
    for (const headers of [{ cookie: `ah_at=${access}` }, { authorization: `Bearer ${access}` }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.session_ended');
    }
  });

  it('sign-out with only the access cookie (no refresh cookie) still ends the session', async () => {
    const m = await signedIn(t);
    const cookie = `ah_at=${m.jar.ah_at}`;
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('signing out one device leaves the other signed in', async () => {
    const m = await signedIn(t);
    const other = await login(t.app, m.member.email);
    await m.as({ method: 'POST', url: '/api/auth/logout' });
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(other) } });
    expect(res.statusCode).toBe(200);
  });

  it('a suspension ends Bearer tokens at once too', async () => {
    const m = await signedIn(t);
    const token = (
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/token',
        payload: { email: m.member.email, password: 'correct-horse-battery' },
      })
    ).json().accessToken as string;
    const suspended = await admin.as({
      method: 'POST',
      url: `/api/admin/members/${m.member.id}/suspend`,
      payload: { reason: 'Testing' },
    });
    expect(suspended.statusCode).toBe(200);
    await admin.as({ method: 'POST', url: `/api/admin/members/${m.member.id}/reactivate`, payload: {} });
    const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.session_ended');
  });
});

describe('bad input is a 400 in the envelope, never a 500', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  it.each([
    ['/api/me/points?cursor=99999999999999999999999', 'a serial cursor past bigint'],
    ['/api/me/points?cursor=9223372036854775808', 'bigint max + 1'],
    ['/api/me/points?cursor=-1', 'a negative id'],
    ['/api/me/notifications?cursor=%2B275760-09-13T00:00:00Z', 'a timestamp past the database range'],
    ['/api/me/notifications?cursor=0001-01-01T00:00:00Z', 'a timestamp before 1970'],
    [`/api/me/redemptions?cursor=${b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'a 36-dash uuid'],
    [
      `/api/me/redemptions?cursor=${b64('+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000')}`,
      'a far year',
    ],
    [`/api/admin/members?cursor=${b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'admin members'],
    [`/api/admin/redemptions?cursor=${b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'admin redemptions'],
    [`/api/admin/reviews?cursor=${b64(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'admin reviews'],
    ['/api/admin/audit?cursor=99999999999999999999', 'the audit log'],
  ])('%s (%s) → 400 validation.failed', async (url) => {
    const m = await signedIn(t, { roles: ['admin', 'advocate'] });
    const res = await m.as({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    expect(res.json().error.details.fields.cursor).toBeTruthy();
  });

  it('cursors the hub hands out still page through a list', async () => {
    const m = await signedIn(t, { roles: ['admin'] });
    const first = await m.as({ method: 'GET', url: '/api/admin/members?limit=1' });
    const next = first.json().nextCursor as string;
    expect(next).toBeTruthy();
    const second = await m.as({ method: 'GET', url: `/api/admin/members?limit=1&cursor=${next}` });
    expect(second.statusCode).toBe(200);
    expect(second.json().members[0].id).not.toBe(first.json().members[0].id);
  });

  it('a NUL character in stored text is refused, naming the field — anonymous sign-up included', async () => {
    const join = await t.app.inject({
      method: 'POST',
      url: '/api/auth/join',
      payload: { code: 'NOPE', name: 'a\u0000b', email: 'x@example.com', password: 'long-enough-password' },
    });
    expect(join.statusCode).toBe(400);
    expect(join.json().error.code).toBe('validation.failed');
    expect(join.json().error.details.fields.name).toMatch(/NUL/);
    const create = await admin.as({
      method: 'POST',
      url: '/api/admin/challenges',
      payload: { title: 'ok', description: 'bad\u0000text', stages: [{ kind: 'confirm', title: 'Go', points: 1 }] },
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.details.fields.description).toMatch(/NUL/);
    const query = await admin.as({ method: 'GET', url: '/api/admin/members?q=a%00b' });
    expect(query.statusCode).toBe(400);
    // A path no route matches stays a 404, whatever its query holds.
    const unknown = await admin.as({ method: 'GET', url: '/api/no-such-thing?q=a%00b' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
  });

  it('a path parameter over the length cap answers in the envelope', async () => {
    const res = await admin.as({ method: 'GET', url: `/api/admin/members/${'a'.repeat(500)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json().error.code).toBe('request.max_param_length');
  });

  it('an unknown route answers 404 in the envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/${crypto.randomUUID()}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});
