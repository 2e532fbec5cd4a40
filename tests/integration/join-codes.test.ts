import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, joinCodes, sql } from '../../server/src/db/kit.js';
import { createMember, createTestApp, signedIn, uniqueEmail, type TestApp } from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  await t.close();
});

async function newCode(body: Record<string, unknown> = {}) {
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/join-codes',
    payload: { label: 'Summit booth', ...body },
  });
  expect(res.statusCode).toBe(201);
  return res.json().joinCode as { id: string; code: string; uses: number; joinUrl: string };
}
const join = (code: string, email = uniqueEmail('joiner'), password = 'joining-password-1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/join', payload: { code, email, name: 'Joiner', password } });

describe('join codes', () => {
  it('self sign-up makes an active, untrusted advocate and signs them in', async () => {
    const code = await newCode();
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(code.joinUrl).toBe(`http://hub.test/join?code=${code.code}`);
    const check = await t.app.inject({ method: 'GET', url: `/api/auth/join-codes?code=${code.code.toLowerCase()}` });
    expect(check.json().joinCode).toEqual({ code: code.code, label: 'Summit booth' });
    const res = await join(code.code.toLowerCase());
    expect(res.statusCode).toBe(201);
    expect(res.json().member).toMatchObject({ roles: ['advocate'], trusted: false });
    expect(res.cookies.map((c) => c.name).sort()).toEqual(['ah_at', 'ah_rt', 'ah_session']);
    // The session hint only tells the sign-in page that a session may exist: it carries no secret.
    expect(res.cookies.find((c) => c.name === 'ah_session')?.value).toBe('1');
  });

  it('a usage cap of 5 admits exactly 5 of 25 parallel sign-ups', async () => {
    const code = await newCode({ maxUses: 5 });
    const results = await Promise.all(Array.from({ length: 25 }, () => join(code.code)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5);
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(r.json().error.code).toBe('join_codes.exhausted');
    const [row] = await t.database.db.select().from(joinCodes).where(eq(joinCodes.id, code.id));
    expect(row!.uses).toBe(5);
  });

  it('a taken email is refused with 409 and does not use up the code', async () => {
    const code = await newCode({ maxUses: 1 });
    const existing = await createMember(t.database);
    const r = await join(code.code, existing.email);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('members.email_taken');
    expect((await join(code.code)).statusCode).toBe(201);
  });

  it('expired, disabled and unknown codes are refused with clear codes', async () => {
    const expired = await newCode({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await t.database.db
      .update(joinCodes)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(joinCodes.id, expired.id));
    expect((await join(expired.code)).json().error.code).toBe('join_codes.expired');

    const disabled = await newCode();
    const d = await admin.as({
      method: 'PATCH',
      url: `/api/admin/join-codes/${disabled.id}`,
      payload: { disabled: true },
    });
    expect(d.json().joinCode.disabled).toBe(true);
    expect((await join(disabled.code)).statusCode).toBe(404);
    await admin.as({ method: 'PATCH', url: `/api/admin/join-codes/${disabled.id}`, payload: { disabled: false } });
    expect((await join(disabled.code)).statusCode).toBe(201);

    const unknown = await join('NOPE-NOPE');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('join_codes.invalid');
  });

  it('custom codes are unique regardless of case; bad input is a 400', async () => {
    await newCode({ code: 'Summit-2026' });
    const dup = await admin.as({
      method: 'POST',
      url: '/api/admin/join-codes',
      payload: { label: 'x', code: 'SUMMIT-2026' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('join_codes.code_taken');
    const bad = await admin.as({
      method: 'POST',
      url: '/api/admin/join-codes',
      payload: { label: '', code: 'a b', maxUses: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details.fields).sort()).toEqual(['code', 'label', 'maxUses']);
  });

  it('the password policy applies to sign-ups', async () => {
    const code = await newCode();
    const r = await join(code.code, uniqueEmail(), 'short');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('auth.password_policy');
    const [row] = await t.database.db.select().from(joinCodes).where(eq(joinCodes.id, code.id));
    expect(row!.uses).toBe(0);
  });

  it('lists codes for admins only', async () => {
    const list = await admin.as({ method: 'GET', url: '/api/admin/join-codes' });
    expect(list.statusCode).toBe(200);
    expect(list.json().joinCodes.length).toBeGreaterThan(0);
    const mod = await signedIn(t, { roles: ['moderator'] });
    expect((await mod.as({ method: 'GET', url: '/api/admin/join-codes' })).statusCode).toBe(403);
  });
});
