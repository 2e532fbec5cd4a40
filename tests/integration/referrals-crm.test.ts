/**
 * The CRM side of referrals: scoped API keys (shown once, hashed at rest, revocable) advancing
 * milestones with idempotency keys, and the CSV export that the import reads back.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createTestApp, signedIn, type TestApp } from './helpers.js';

type Signed = Awaited<ReturnType<typeof signedIn>>;
let t: TestApp;
let admin: Signed;
let campaignId: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/referrals/campaigns',
    payload: { name: `CRM ${tag()}`, points: { contacted: 20, qualified: 30, won: 100 } },
  });
  campaignId = res.json().campaign.id;
});
afterAll(async () => {
  await t.close();
});

function tag() {
  return crypto.randomBytes(4).toString('hex');
}
const advocate = () => signedIn(t, { email: `adv-${tag()}@crm-${tag()}.test`, name: `Advocate ${tag()}` });
async function referral(a: Signed) {
  const res = await a.as({
    method: 'POST',
    url: '/api/referrals',
    payload: {
      prospect: { name: `Prospect ${tag()}`, email: `p-${tag()}@prospect-${tag()}.test`, company: '=SUM(A1)' },
      consent: true,
      campaignId,
    },
    headers: { 'user-agent': `ua-${tag()}` },
  });
  expect(res.statusCode).toBe(201);
  return res.json().referral as { id: string };
}
async function newKey(scopes: string[]) {
  const res = await admin.as({ method: 'POST', url: '/api/admin/api-keys', payload: { name: `CRM ${tag()}`, scopes } });
  expect(res.statusCode).toBe(201);
  return res.json() as { apiKey: { id: string; prefix: string }; secret: string };
}
const crmStage = (id: string, headers: Record<string, string>, payload: unknown = { stage: 'contacted' }) =>
  t.app.inject({ method: 'POST', url: `/api/crm/referrals/${id}/stage`, payload: payload as object, headers });

describe('API keys', () => {
  it('the secret is shown once and stored only as a hash; the list never shows it', async () => {
    const { apiKey, secret } = await newKey(['referrals:write']);
    expect(secret).toMatch(/^ahk_[0-9a-f]{12}_/);
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const stored = await t.database.db.execute<{ hash: string }>(
      sql`select hash from api_keys where id = ${apiKey.id}`,
    );
    expect(stored.rows[0]!.hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    const list = await admin.as({ method: 'GET', url: '/api/admin/api-keys' });
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(stored.rows[0]!.hash);
  });

  it('Bearer or X-Api-Key with the write scope advances a milestone; replays of its key pay once', async () => {
    const { secret } = await newKey(['referrals:write']);
    const a = await advocate();
    const r = await referral(a);
    const key = crypto.randomUUID();
    const first = await crmStage(r.id, { authorization: `Bearer ${secret}`, 'idempotency-key': key });
    expect(first.statusCode).toBe(200);
    expect(first.json().pointsDelta).toBe(20);
    const replays = await Promise.all(
      Array.from({ length: 5 }, () => crmStage(r.id, { 'x-api-key': secret, 'idempotency-key': key })),
    );
    expect(replays.map((x) => x.json().pointsDelta)).toEqual([20, 20, 20, 20, 20]);
    const won = await crmStage(r.id, { 'x-api-key': secret }, { stage: 'won', amount: 12_500 });
    expect(won.json()).toMatchObject({ pointsDelta: 130, referral: { status: 'won', amount: 12_500 } });
    const earns = await t.database.db.execute(
      sql`select 1 from point_entries where member_id = ${a.member.id} and kind = 'earn'`,
    );
    expect(earns.rows).toHaveLength(3);
    const audit = await t.database.db.execute<{ data: { by: string } }>(
      sql`select data from audit_log where action = 'referral.stage' and target_id = ${r.id}`,
    );
    expect(audit.rows.map((x) => x.data.by)).toEqual(['api_key', 'api_key']);
  });

  it('no key, a wrong key, a revoked key or a key without the scope: 401/403 with stable codes, before validation', async () => {
    const a = await advocate();
    const r = await referral(a);
    const none = await crmStage(r.id, {}, { junk: true });
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'integrations.key_required']);
    const { secret, apiKey } = await newKey(['referrals:read']);
    const wrong = await crmStage(r.id, { 'x-api-key': `${secret.slice(0, -2)}xx` }, { junk: true });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'integrations.key_invalid']);
    const scope = await crmStage(r.id, { 'x-api-key': secret }, { junk: true });
    expect([scope.statusCode, scope.json().error.code]).toEqual([403, 'integrations.scope_missing']);
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/crm/referrals?limit=5',
      headers: { 'x-api-key': secret },
    });
    expect(read.statusCode).toBe(200);
    const session = await t.app.auth.startSession(admin.member.id, { ip: null, userAgent: 'x' });
    const member = await crmStage(r.id, { authorization: `Bearer ${session.accessToken}` });
    expect([member.statusCode, member.json().error.code]).toEqual([401, 'integrations.key_required']);
    expect(
      (await admin.as({ method: 'DELETE', url: `/api/admin/api-keys/${apiKey.id}` })).json().apiKey.revokedAt,
    ).toBeTruthy();
    const revoked = await t.app.inject({ method: 'GET', url: '/api/crm/referrals', headers: { 'x-api-key': secret } });
    expect([revoked.statusCode, revoked.json().error.code]).toEqual([401, 'integrations.key_invalid']);
    const bad = await crmStage(r.id, { 'x-api-key': (await newKey(['referrals:write'])).secret }, { stage: 'nope' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation.failed']);
  });

  it('the OpenAPI document lists the referral, CRM and API-key routes', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/referrals',
      '/api/me/referrals',
      '/api/admin/referrals',
      '/api/admin/referrals/{id}/stage',
      '/api/admin/referrals/rules',
      '/api/crm/referrals/{id}/stage',
      '/api/admin/api-keys',
    ])
      expect(doc.paths[path], path).toBeDefined();
  });
});

describe('CSV', () => {
  it('round trip: re-importing the export changes nothing; edited stages move; new rows create referrals', async () => {
    const a = await advocate();
    const r1 = await referral(a);
    const r2 = await referral(a);
    const exported = await admin.as({ method: 'GET', url: `/api/admin/referrals/export?campaignId=${campaignId}` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body).toContain(`'=SUM(A1)`); // formula cells are defused
    const again = await admin.as({
      method: 'POST',
      url: '/api/admin/referrals/import',
      payload: { csv: exported.body },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, moved: 0, errors: [] });
    expect(again.json().unchanged).toBeGreaterThanOrEqual(2);
    const lines = exported.body.trim().split('\n');
    const edited = [
      lines[0],
      ...lines.slice(1).map((l) => (l.startsWith(r1.id) ? l.replace(',submitted,,', ',won,9000,') : l)),
      `,,submitted,,,,${campaignId},,${a.member.email},,New Person,new-${tag()}@newco-${tag()}.test,NewCo,,${new Date().toISOString()},,`,
      `,,submitted,,,,,,${a.member.email},,No Consent,nc-${tag()}@newco.test,,,,,`,
    ].join('\n');
    const moved = await admin.as({ method: 'POST', url: '/api/admin/referrals/import', payload: { csv: edited } });
    expect(moved.json()).toMatchObject({ created: 1, moved: 1 });
    expect(moved.json().errors).toEqual([
      expect.objectContaining({ row: lines.length + 2, code: 'referrals.bad_csv' }),
    ]);
    const one = (await admin.as({ method: 'GET', url: `/api/admin/referrals/${r1.id}` })).json().referral;
    expect(one).toMatchObject({ status: 'won', amount: 9000, pointsPaid: 150 });
    const two = (await admin.as({ method: 'GET', url: `/api/admin/referrals/${r2.id}` })).json().referral;
    expect(two.status).toBe('submitted');
    const campaigns = (await admin.as({ method: 'GET', url: '/api/admin/referrals/campaigns' })).json().campaigns;
    const count = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from referrals where campaign_id = ${campaignId}`,
    );
    expect(campaigns.find((c: { id: string }) => c.id === campaignId).referrals).toBe(count.rows[0]!.n);
    expect(count.rows[0]!.n).toBeGreaterThan(2);
    const bad = await admin.as({
      method: 'POST',
      url: '/api/admin/referrals/import',
      payload: { csv: 'a,b\n"unclosed' },
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'referrals.bad_csv']);
  });
});
