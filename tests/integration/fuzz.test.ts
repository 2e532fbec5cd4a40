/**
 * A property over every route of the OpenAPI document: random strings in its path parameters, random
 * values in its declared query parameters and body fields (and bodies that are not objects at all)
 * never produce a 5xx, and every error answer is in the `{error:{code,message}}` envelope (SCIM's routes
 * answer in SCIM's own error format instead, as RFC 7644 asks). Every call also carries an API key
 * holding every scope, so the integrations' routes (events, CRM, SCIM) reach their handlers too.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_SCOPES } from '@advocate-hub/shared';
import { createMember, createTestApp, type TestApp } from './helpers.js';

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}
interface Route {
  method: string;
  path: string;
  query: string[];
  fields: string[];
}

let t: TestApp;
let routes: Route[];
let memberId: string;
let apiKey: string;

beforeAll(async () => {
  t = await createTestApp();
  // One member who may call every route, so each call reaches validation and the handler.
  memberId = (await createMember(t.database, { roles: ['admin', 'moderator', 'advocate'] })).id;
  const admin = await t.app.auth.startSession(memberId, { ip: null, userAgent: 'fuzz' });
  const key = await t.app.inject({
    method: 'POST',
    url: '/api/admin/api-keys',
    headers: { authorization: `Bearer ${admin.accessToken}` },
    payload: { name: 'fuzz', scopes: [...API_KEY_SCOPES] },
  });
  expect(key.statusCode).toBe(201);
  apiKey = key.json().secret;
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      fields: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
    })),
  );
});
afterAll(async () => {
  await t.close();
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', '99999999999999999999', 'null', '00000000-0000-0000-0000-000000000000'),
  fc.constantFrom('+275760-09-13T00:00:00Z', '\u0000', '%', '../..', "' or 1=1 --", '<img src=x onerror=alert(1)>'),
  fc.uuid(),
);
const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));

function requestFor(route: Route) {
  const params = fc.array(text, { minLength: 3, maxLength: 3 });
  const query = fc.dictionary(fc.constantFrom(...route.query, 'cursor', 'limit'), text, { maxKeys: 3 });
  const body = fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...route.fields, 'extra'), value, { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
  return fc.record({ params, query, body });
}

describe('fuzzing every route', () => {
  it('random params, query and body: no 5xx, every error in the envelope', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const route of routes) {
      await fc
        .assert(
          fc.asyncProperty(requestFor(route), async ({ params, query, body }) => {
            let i = 0;
            const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(params[i++ % params.length]!));
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            const session = await t.app.auth.startSession(memberId, { ip: null, userAgent: 'fuzz' });
            const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
            const res = await t.app.inject({
              method: route.method as 'GET',
              url: qs ? `${path}?${qs}` : path,
              headers: {
                authorization: `Bearer ${session.accessToken}`,
                'x-api-key': apiKey,
                'idempotency-key': crypto.randomUUID(),
                ...(hasBody ? { 'content-type': 'application/json' } : {}),
              },
              ...(hasBody ? { payload: JSON.stringify(body) } : {}),
            });
            calls++;
            const type = String(res.headers['content-type'] ?? '');
            const json = /application\/(scim\+)?json/.test(type) ? res.json() : null;
            const enveloped = path.startsWith('/scim/')
              ? type.includes('application/scim+json') &&
                json?.schemas?.[0] === 'urn:ietf:params:scim:api:messages:2.0:Error' &&
                json?.status === String(res.statusCode)
              : typeof json?.error?.code === 'string' && typeof json?.error?.message === 'string';
            if (res.statusCode >= 500 || (res.statusCode >= 400 && !enveloped)) {
              failures.push(
                `${route.method} ${path}?${qs} ${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
              return false;
            }
            return true;
          }),
          { numRuns: Number(process.env.FUZZ_RUNS ?? 20), endOnFailure: true },
        )
        .catch(() => {});
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(routes.length * 10);
  }, 300_000);
});
