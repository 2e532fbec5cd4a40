/**
 * The authorization matrix: every route of the OpenAPI document × (anonymous, advocate, another
 * advocate, silenced advocate, moderator, admin, reference requester) against the declared policy tables (server/src/modules/<m>/<m>.policy.ts).
 * A caller without access gets exactly 401 `auth.required` or 403 `auth.forbidden`, even with a
 * malformed path and body (access is decided before validation, so nothing of the schema leaks); a
 * caller with access is never refused by the access layer; another advocate gets 404 on an advocate's
 * own resource; a silenced advocate gets 403 `community.silenced` on every route that writes to the
 * community (`speaks` in the tables), before validation too.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@advocate-hub/shared';
import { policy } from '../../server/src/policy.js';
import { accessOf, isOwned, isSpeech, policyKey, type Access } from '../../server/src/platform/access.js';
import { createMember, createTestApp, signedIn, type TestApp } from './helpers.js';

type Identity =
  'anonymous' | 'advocate' | 'another advocate' | 'silenced advocate' | 'moderator' | 'admin' | 'requester';
const IDENTITIES: Identity[] = [
  'anonymous',
  'advocate',
  'another advocate',
  'silenced advocate',
  'moderator',
  'admin',
  'requester',
];
const ROLES: Record<Exclude<Identity, 'anonymous'>, Role[]> = {
  advocate: ['advocate'],
  'another advocate': ['advocate'],
  'silenced advocate': ['advocate'],
  moderator: ['moderator'],
  admin: ['admin'],
  requester: ['requester'],
};
/** Codes only the access layer answers with. */
const ACCESS_CODES = new Set(['auth.required', 'auth.forbidden', 'auth.invalid_token', 'auth.session_ended']);
const JUNK_BODY = { __probe: true, name: 12345, points: 'many', stages: 'none', email: 7 };

let t: TestApp;
const ids: Partial<Record<Identity, string>> = {};
/** A redemption of the advocate's, for routes on a resource one member owns. */
let ownedRedemption: string;
let routes: { method: string; path: string; key: string }[];

beforeAll(async () => {
  t = await createTestApp();
  for (const who of IDENTITIES)
    if (who !== 'anonymous') ids[who] = (await createMember(t.database, { roles: ROLES[who] })).id;
  const admin = await signedIn(t, { roles: ['admin'] });
  const reward = await admin.as({
    method: 'POST',
    url: '/api/admin/rewards',
    payload: { name: 'Matrix mug', type: 'experience', cost: 10, stock: null, status: 'published' },
  });
  await admin.as({
    method: 'POST',
    url: `/api/admin/members/${ids.advocate}/adjustments`,
    payload: { points: 100, reason: 'Matrix funding' },
  });
  const redemption = await t.app.inject({
    method: 'POST',
    url: `/api/rewards/${reward.json().reward.id}/redemptions`,
    headers: { authorization: await bearer('advocate'), 'idempotency-key': crypto.randomUUID() },
    payload: {},
  });
  expect(redemption.statusCode).toBe(201);
  ownedRedemption = redemption.json().redemption.id;
  const moderator = await signedIn(t, { roles: ['moderator'] });
  const silence = await moderator.as({
    method: 'POST',
    url: `/api/moderation/members/${ids['silenced advocate']}`,
    payload: { action: 'silence', reason: 'Matrix' },
  });
  expect(silence.statusCode).toBe(200);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => {
      const method = m.toUpperCase();
      return { method, path, key: policyKey(method, path.replace(/\{(\w+)\}/g, ':$1')) };
    }),
  );
});
afterAll(async () => {
  await t.close();
});

/** A fresh session per call, so a sign-out or a suspension in one call never spoils the next. */
async function bearer(who: Exclude<Identity, 'anonymous'>): Promise<string> {
  const session = await t.app.auth.startSession(ids[who]!, { ip: null, userAgent: 'matrix' });
  return `Bearer ${session.accessToken}`;
}

function allows(access: Access, who: Identity): boolean {
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  return access === 'member' || ROLES[who].some((r) => access.includes(r));
}

async function call(route: { method: string; path: string }, who: Identity, pathValue: (name: string) => string) {
  const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(name));
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  const res = await t.app.inject({
    method: route.method as 'GET',
    url,
    headers: who === 'anonymous' ? {} : { authorization: await bearer(who) },
    ...(hasBody ? { payload: JUNK_BODY } : {}),
  });
  const code = String(res.headers['content-type'] ?? '').includes('json')
    ? (res.json()?.error?.code as string | undefined)
    : undefined;
  return { status: res.statusCode, code };
}

describe('the authorization matrix', () => {
  it('every route in the OpenAPI document has an entry in the policy table, and every entry a route', () => {
    const documented = new Set(routes.map((r) => r.key));
    expect(routes.filter((r) => policy[r.key] === undefined).map((r) => r.key)).toEqual([]);
    const undocumented = Object.keys(policy).filter((k) => !documented.has(k) && k !== 'GET /api/openapi.json');
    expect(undocumented).toEqual([]);
    expect(routes.length).toBeGreaterThan(80);
  });

  it('routes × identities: 0 deviations from the policy, and no 400 to a caller without access', async () => {
    const deviations: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const rule = policy[route.key]!;
      const access = accessOf(rule);
      // Owned routes run the owner last: its call may change the resource (a cancel).
      const order: Identity[] = isOwned(rule)
        ? [...IDENTITIES.filter((w) => w !== 'advocate'), 'advocate']
        : IDENTITIES;
      for (const who of order) {
        calls++;
        const expectAllowed = allows(access, who);
        if (expectAllowed && who === 'silenced advocate' && isSpeech(rule)) {
          // Silenced: refused before validation, whatever the body.
          const got = await call(route, who, () => 'not-a-valid-id');
          if (got.status !== 403 || got.code !== 'community.silenced')
            deviations.push(`${route.key} as ${who}: ${got.status} ${got.code}, expected 403 community.silenced`);
          continue;
        }
        if (!expectAllowed) {
          // Malformed id and body: a caller without access must learn nothing of the schema.
          const got = await call(route, who, () => 'not-a-valid-id');
          const want = who === 'anonymous' ? [401, 'auth.required'] : [403, 'auth.forbidden'];
          if (got.status !== want[0] || got.code !== want[1])
            deviations.push(`${route.key} as ${who}: ${got.status} ${got.code}, expected ${want.join(' ')}`);
          continue;
        }
        const ownedBy = isOwned(rule) ? ownedRedemption : null;
        const got = await call(route, who, () => ownedBy ?? crypto.randomUUID());
        if (got.status >= 500) deviations.push(`${route.key} as ${who}: ${got.status} ${got.code}`);
        else if (ownedBy && who !== 'advocate' && got.status !== 404)
          deviations.push(`${route.key} as ${who} on another member's resource: ${got.status}, expected 404`);
        else if ((got.status === 401 || got.status === 403) && got.code && ACCESS_CODES.has(got.code))
          deviations.push(`${route.key} as ${who}: refused (${got.status} ${got.code}) but the policy allows it`);
      }
    }
    expect(deviations).toEqual([]);
    expect(calls).toBe(routes.length * IDENTITIES.length);
  });

  it('HEAD follows its GET route: an anonymous HEAD on an admin list is 401', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: '/api/admin/members' });
    expect(res.statusCode).toBe(401);
  });

  it('staff without the advocate role cannot earn or spend points; staff who also advocate can', async () => {
    for (const roles of [['moderator'], ['admin']] as Role[][]) {
      const staff = await signedIn(t, { roles });
      for (const url of [
        `/api/challenges/${crypto.randomUUID()}/completions`,
        `/api/rewards/${crypto.randomUUID()}/redemptions`,
      ]) {
        const res = await staff.as({
          method: 'POST',
          url,
          payload: {},
          headers: { 'idempotency-key': crypto.randomUUID() },
        });
        expect(res.statusCode, `${roles[0]} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('auth.forbidden');
      }
    }
    const both = await signedIn(t, { roles: ['admin', 'advocate'] });
    const res = await both.as({
      method: 'POST',
      url: `/api/rewards/${crypto.randomUUID()}/redemptions`,
      payload: {},
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(res.statusCode).toBe(404);
  });
});
