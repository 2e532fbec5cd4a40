import { policy } from '../../server/src/policy.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createTestApp, signedIn, TEST_JWT_SECRET, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('platform', () => {
  it('reports health with the database', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', database: { ok: true } });
  });

  it('serves an OpenAPI 3 document listing the core paths', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/login',
      '/api/auth/token',
      '/api/auth/invites/accept',
      '/api/auth/join',
      '/api/me',
      '/api/admin/invites',
      '/api/admin/members',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    expect(doc.paths['/api/auth/login'].post.requestBody).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('answers unknown API routes with the error envelope', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nothing-here' } });
  });

  it('tags every response with a request id, echoing a sane incoming one', async () => {
    const a = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const b = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-123' } });
    expect(b.headers['x-request-id']).toBe('trace-123');
  });

  it('sends a Content-Security-Policy and no-sniff headers', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses oversized bodies and wrong content types with 4xx, not 500', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toMatch(/^request\./);
  });

  it('hides internals of 5xx errors', async () => {
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: t.database,
      jwtSecret: TEST_JWT_SECRET,
      webDist: false,
      logger: false,
      policy: { ...policy, 'GET /api/boom': 'public' },
    });
    app.get('/api/boom', async () => {
      throw new Error('secret internal detail');
    });
    const r = await app.inject({ method: 'GET', url: '/api/boom' });
    await app.close(); // its outbox worker started with the first request
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('secret internal detail');
    expect(r.json().error.code).toBe('internal');
  });

  it('refuses to start with an /api route missing from the policy table, or declaring access itself', async () => {
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: t.database,
      jwtSecret: TEST_JWT_SECRET,
      webDist: false,
      logger: false,
    });
    expect(() => app.get('/api/undeclared', async () => ({}))).toThrow(/missing from the policy table/);
    expect(() => app.get('/api/program', { config: { access: 'public' } }, async () => ({}))).toThrow(
      /declares access in its config/,
    );
  });

  it('program branding is public to read and admin-only to change, validated and audited', async () => {
    const pub = await t.app.inject({ method: 'GET', url: '/api/program' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().program).toHaveProperty('accentColor');
    const admin = await signedIn(t, { roles: ['admin'] });
    const bad = await admin.as({
      method: 'PATCH',
      url: '/api/admin/program',
      payload: { accentColor: 'red', logoUrl: 'javascript:alert(1)' },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details.fields).sort()).toEqual(['accentColor', 'logoUrl']);
    const ok = await admin.as({
      method: 'PATCH',
      url: '/api/admin/program',
      payload: { name: 'Acme Insiders', accentColor: '#0f766e' },
    });
    expect(ok.json().program).toMatchObject({ name: 'Acme Insiders', accentColor: '#0f766e' });
    expect((await t.app.inject({ method: 'GET', url: '/api/program' })).json().program.name).toBe('Acme Insiders');
    const audit = (await admin.as({ method: 'GET', url: '/api/admin/audit?limit=5' })).json();
    expect(audit.entries.find((e: { action: string }) => e.action === 'program.updated')).toBeDefined();
  });
});
