import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabase, isDatabaseUnavailable } from '../../server/src/db/client.js';
import { sql } from '../../server/src/db/kit.js';
import { createTestApp, databaseProxy, isolatedDatabase, signedIn, type TestApp } from './helpers.js';

// Requests never wait on the database for longer than DB_STATEMENT_TIMEOUT_MS (+1 s on the client
// side when the server does not answer at all): they fail with 503 service.unavailable instead.
const env = { DB_STATEMENT_TIMEOUT_MS: '1000', DB_CONNECT_TIMEOUT_MS: '1000' };
const BOUND_MS = 1000 + 1000 + 700; // statement timeout, client-side margin, slack for a busy machine

async function timed<T>(p: Promise<T>) {
  const t0 = Date.now();
  const value = await p;
  return { value, ms: Date.now() - t0 };
}

describe('a blocked database', () => {
  let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
  let t: TestApp;
  beforeAll(async () => {
    iso = await isolatedDatabase();
    t = await createTestApp(
      { database: createDatabase(iso.url, { warn: () => {} }, { statementTimeoutMs: 1000 }) },
      env,
    );
  });
  afterAll(async () => {
    await t?.close();
    await iso?.drop();
  });

  it('a request that waits on a lock held elsewhere answers 503 within the statement timeout', async () => {
    const member = await signedIn(t);
    const locker = new pg.Client({ connectionString: iso.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE members IN ACCESS EXCLUSIVE MODE');
      const r = await timed(member.as({ method: 'GET', url: '/api/me' }));
      expect(r.value.statusCode).toBe(503);
      expect(r.value.json().error.code).toBe('service.unavailable');
      expect(r.value.headers['retry-after']).toBeDefined();
      expect(r.ms).toBeGreaterThanOrEqual(900);
      expect(r.ms).toBeLessThan(BOUND_MS);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await member.as({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);
  });
});

describe('a frozen database (no answer at all)', () => {
  const proxy = databaseProxy();
  let t: TestApp;
  beforeAll(async () => {
    await proxy.listen();
    t = await createTestApp(
      {
        database: createDatabase(
          proxy.url(),
          { warn: () => {} },
          { max: 4, statementTimeoutMs: 1000, connectTimeoutMs: 1000 },
        ),
      },
      env,
    );
  });
  afterAll(async () => {
    proxy.thaw();
    await t?.close();
    await proxy.close();
  });

  it('reads, writes in a transaction, and requests queued for a connection all answer 503 in bounded time; then the hub recovers', async () => {
    const member = await signedIn(t);
    proxy.freeze();
    try {
      // A transaction whose statement gets no answer: its ROLLBACK must not wait a second timeout.
      const tx = await timed(member.as({ method: 'POST', url: '/api/auth/refresh', payload: {} }));
      expect(tx.value.statusCode).toBe(503);
      expect(tx.ms).toBeLessThan(BOUND_MS);

      const requests = [
        ...Array.from({ length: 7 }, () => member.as({ method: 'GET', url: '/api/me' })),
        member.as({ method: 'POST', url: '/api/auth/refresh', payload: {} }),
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: member.member.email, password: member.member.password },
        }),
      ];
      const results = await Promise.all(requests.map((r) => timed(r)));
      for (const r of results) {
        expect(r.value.statusCode).toBe(503);
        expect(r.value.json().error.code).toBe('service.unavailable');
      }
      // Requests queued behind the pool's 4 connections wait for one at most DB_CONNECT_TIMEOUT_MS.
      expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(BOUND_MS + 1000);
    } finally {
      proxy.thaw();
    }
    let after = 0;
    for (let i = 0; i < 30 && after !== 200; i++) {
      after = (await member.as({ method: 'GET', url: '/api/me' })).statusCode;
      if (after !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(after).toBe(200);
    // No connection was lost to a transaction whose BEGIN failed (drizzle-orm issue 6023, patched).
    // Background workers (outbox relay, email queue) borrow clients for a moment: a lost client stays
    // checked out for good, so wait for the pool to settle before counting.
    const { pool } = t.database;
    for (let i = 0; i < 50 && pool.totalCount - pool.idleCount > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(pool.totalCount - pool.idleCount, 'pool clients still checked out').toBe(0);
  });

  it('a transaction cut off half-way fails within one timeout: its ROLLBACK does not wait a second one', async () => {
    const database = createDatabase(proxy.url(), { warn: () => {} }, { max: 1, statementTimeoutMs: 1000 });
    try {
      const t0 = Date.now();
      const err = await database.db
        .transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          proxy.freeze();
          await tx.execute(sql`select 2`);
        })
        .catch((e: unknown) => e);
      const ms = Date.now() - t0;
      proxy.thaw();
      expect(isDatabaseUnavailable(err)).toBe(true);
      expect(ms).toBeLessThan(BOUND_MS);
      // The pool's one connection was dropped, not left waiting: the next query works at once.
      expect((await database.db.execute(sql`select 3 as n`)).rows[0]).toEqual({ n: 3 });
    } finally {
      proxy.thaw();
      await database.close();
    }
  });
});
