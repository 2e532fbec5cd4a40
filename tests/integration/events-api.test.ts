import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import {
  cookieHeader,
  createMember,
  createTestApp,
  ledgerMismatches,
  makeChallenge,
  signedIn,
  uniqueEmail,
  type TestApp,
} from './helpers.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(() => t.close());

async function apiKey(scopes: string[], app = t) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/admin/api-keys',
    headers: { cookie: cookieHeader(admin.jar) },
    payload: { name: `Integration ${crypto.randomBytes(3).toString('hex')}`, scopes },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { apiKey: { id: string; scopes: string[] }; secret: string };
}

function post(secret: string, body: unknown, key: string | null = crypto.randomUUID(), app = t) {
  return app.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { authorization: `Bearer ${secret}`, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body as Record<string, unknown>,
  });
}

async function pointsOf(memberId: string) {
  const r = await t.database.db.execute<{ balance: number; lifetime: number; entries: number }>(
    sql`select balance, lifetime, (select count(*)::int from point_entries where member_id = m.id) as entries
        from members m where id = ${memberId}`,
  );
  return r.rows[0]!;
}

describe('POST /api/events', () => {
  it('awards points once for 50 parallel posts with one idempotency key, and every answer is the same', async () => {
    const { secret } = await apiKey(['events:write']);
    const m = await createMember(t.database);
    const key = crypto.randomUUID();
    const body = { type: 'points.award', email: m.email.toUpperCase(), points: 75, reason: 'Webinar attended' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(secret, body, key)));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const bodies = new Set(answers.map((a) => a.body));
    expect(bodies.size).toBe(1);
    const event = answers[0]!.json().event;
    expect(event).toMatchObject({
      type: 'points.award',
      status: 'applied',
      pointsAwarded: 75,
      memberId: m.id,
      completionId: null,
    });
    expect(await pointsOf(m.id)).toEqual({ balance: 75, lifetime: 75, entries: 1 });
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });

  it('replays the first answer with 200, and refuses the same key with another body with 409', async () => {
    const { secret } = await apiKey(['events:write']);
    const m = await createMember(t.database);
    const key = crypto.randomUUID();
    const body = { type: 'points.award', email: m.email, points: 20, reason: 'Survey' };
    const first = await post(secret, body, key);
    expect(first.statusCode).toBe(201);
    const again = await post(secret, body, key);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    const other = await post(secret, { ...body, points: 21 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('events.idempotency_conflict');
    expect((await pointsOf(m.id)).balance).toBe(20);
  });

  it('keeps keys apart per API key', async () => {
    const a = await apiKey(['events:write']);
    const b = await apiKey(['events:write']);
    const m = await createMember(t.database);
    const key = crypto.randomUUID();
    const body = { type: 'points.award', email: m.email, points: 5, reason: 'Shared key' };
    expect((await post(a.secret, body, key)).statusCode).toBe(201);
    expect((await post(b.secret, body, key)).statusCode).toBe(201);
    expect((await pointsOf(m.id)).balance).toBe(10);
  });

  it('refuses an unknown key with 401 and a key without events:write with 403, before reading the body', async () => {
    const unknown = await post(`ahk_${'0'.repeat(12)}_${'A'.repeat(43)}`, { nonsense: true });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('integrations.key_invalid');
    const none = await t.app.inject({ method: 'POST', url: '/api/events', payload: {} });
    expect(none.statusCode).toBe(401);
    const { secret } = await apiKey(['referrals:read']);
    const res = await post(secret, { nonsense: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('integrations.scope_missing');
  });

  it('accepts the key as X-Api-Key too', async () => {
    const { secret } = await apiKey(['events:write']);
    const m = await createMember(t.database);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { 'x-api-key': secret, 'idempotency-key': crypto.randomUUID() },
      payload: { type: 'points.award', email: m.email, points: 1, reason: 'Header' },
    });
    expect(res.statusCode).toBe(201);
  });

  it('answers 400 with field details for an invalid body and for a missing Idempotency-Key', async () => {
    const { secret } = await apiKey(['events:write']);
    const bad = await post(secret, { type: 'points.award', email: 'not-an-email', reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    expect(Object.keys(bad.json().error.details.fields)).toEqual(expect.arrayContaining(['email', 'reason']));
    const noPoints = await post(secret, { type: 'points.award', email: uniqueEmail(), reason: 'x' });
    expect(noPoints.statusCode).toBe(400);
    expect(noPoints.json().error.details.fields.points).toBeTruthy();
    const m = await createMember(t.database);
    const noKey = await post(secret, { type: 'points.award', email: m.email, points: 3, reason: 'x' }, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().error.code).toBe('events.idempotency_key_required');
    expect((await pointsOf(m.id)).balance).toBe(0);
  });

  it('refuses an unknown email (404) and a suspended member (422), and logs both as failed', async () => {
    const { secret } = await apiKey(['events:write']);
    const email = uniqueEmail('ghost');
    const unknown = await post(secret, { type: 'points.award', email, points: 3, reason: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('events.member_not_found');
    const s = await createMember(t.database, { status: 'suspended' });
    const suspended = await post(secret, { type: 'points.award', email: s.email, points: 3, reason: 'x' });
    expect(suspended.statusCode).toBe(422);
    expect(suspended.json().error.code).toBe('events.member_suspended');
    const log = (await admin.as({ method: 'GET', url: '/api/admin/events?limit=200' })).json().events as {
      email: string;
      status: string;
      error: { code: string } | null;
    }[];
    expect(log.find((e) => e.email === email)).toMatchObject({
      status: 'failed',
      error: { code: 'events.member_not_found' },
    });
    expect(log.find((e) => e.email === s.email)?.status).toBe('failed');
  });

  it('completes a stage on the member’s behalf, and respects the challenge’s caps', async () => {
    const { secret } = await apiKey(['events:write']);
    const c = await makeChallenge(admin, { stages: [{ kind: 'confirm', title: 'Attended', points: 40 }] });
    const m = await createMember(t.database);
    const body = { type: 'stage.complete', email: m.email, challengeId: c.id, reason: 'Checked in at the summit' };
    const first = await post(secret, body);
    expect(first.statusCode).toBe(201);
    expect(first.json().event).toMatchObject({
      type: 'stage.complete',
      completionStatus: 'approved',
      pointsAwarded: 40,
      stageId: c.stages[0]!.id,
    });
    expect(first.json().event.completionId).toEqual(expect.any(String));
    const second = await post(secret, body); // another key: a second completion of a once-only challenge
    expect(second.statusCode).toBe(409);
    expect((await pointsOf(m.id)).balance).toBe(40);
    const me = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from completions where member_id = ${m.id}`,
    );
    expect(me.rows[0]!.n).toBe(1);
    const missing = await post(secret, { ...body, challengeId: crypto.randomUUID() });
    expect(missing.statusCode).toBe(404);
  });

  it('sends a stage that needs review to the review queue', async () => {
    const { secret } = await apiKey(['events:write']);
    const c = await makeChallenge(admin, {
      stages: [{ kind: 'confirm', title: 'Spoke', points: 90, needsReview: true }],
    });
    const m = await createMember(t.database);
    const res = await post(secret, { type: 'stage.complete', email: m.email, challengeId: c.id, reason: 'Talk' });
    expect(res.statusCode).toBe(201);
    expect(res.json().event).toMatchObject({ completionStatus: 'pending', pointsAwarded: 0 });
    expect((await pointsOf(m.id)).balance).toBe(0);
  });

  it('shows applied events in the admin log, newest first, with the key name', async () => {
    const { secret, apiKey: k } = await apiKey(['events:write']);
    const m = await createMember(t.database);
    await post(secret, { type: 'points.award', email: m.email, points: 9, reason: 'Logged' }, 'log-key-1');
    const res = await admin.as({ method: 'GET', url: '/api/admin/events?limit=5' });
    expect(res.statusCode).toBe(200);
    const ev = (res.json().events as { apiKeyId: string; idempotencyKey: string; pointsAwarded: number }[]).find(
      (e) => e.apiKeyId === k.id,
    );
    expect(ev).toMatchObject({ idempotencyKey: 'log-key-1', pointsAwarded: 9 });
    const page = await admin.as({ method: 'GET', url: `/api/admin/events?limit=1` });
    expect(page.json().nextCursor).toEqual(expect.any(String));
    const next = await admin.as({ method: 'GET', url: `/api/admin/events?limit=1&cursor=${page.json().nextCursor}` });
    expect(next.statusCode).toBe(200);
    expect(next.json().events[0].id).not.toBe(page.json().events[0].id);
  });

  it('rate-limits per API key with 429 and Retry-After', async () => {
    const limited = await createTestApp({ eventsPerMinute: 3 });
    try {
      const { secret } = await apiKey(['events:write'], limited);
      const other = await apiKey(['events:write'], limited);
      const m = await createMember(t.database);
      const body = { type: 'points.award', email: m.email, points: 1, reason: 'Rate' };
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await post(secret, body, crypto.randomUUID(), limited));
      expect(answers.slice(0, 3).map((a) => a.statusCode)).toEqual([201, 201, 201]);
      expect(answers[3]!.statusCode).toBe(429);
      expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(0);
      expect(answers[3]!.json().error.code).toEqual(expect.any(String));
      // Another key has its own budget.
      expect((await post(other.secret, body, crypto.randomUUID(), limited)).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
