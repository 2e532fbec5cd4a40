import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabase } from '../../server/src/db/client.js';
import { createMember, createTestApp, isolatedDatabase, type TestApp } from './helpers.js';

// When PostgreSQL cannot write (disk full, or read-only after a fail-over), writes answer 503 with
// a code of their own and /api/health says degraded, instead of 500 `internal` and "ok".

let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
beforeAll(async () => {
  iso = await isolatedDatabase();
});
afterAll(async () => {
  await iso?.drop();
});

/** Runs SQL on the server's `postgres` database (ALTER DATABASE cannot run inside the target). */
async function asAdmin(statement: string) {
  const url = new URL(iso.url);
  url.pathname = '/postgres';
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

async function login(t: TestApp, email: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
}
async function health(t: TestApp) {
  const r = await t.app.inject({ method: 'GET', url: '/api/health' });
  return { statusCode: r.statusCode, body: r.json() };
}

describe('a database that cannot write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ database: createDatabase(iso.url, { warn: () => {} }) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a full disk: writes answer 503 service.writes_unavailable, health is degraded, both recover', async () => {
    const member = await createMember(t.database);
    expect((await health(t)).body).toMatchObject({ status: 'ok', database: { ok: true, writable: true } });
    await iso.database.pool.query(`
      create function ah_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: No space left on device' using errcode = '53100'; end $$;
      create trigger ah_disk_full before insert on refresh_tokens for each row execute function ah_disk_full();`);
    try {
      const r = await login(t, member.email, member.password);
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('service.writes_unavailable');
      expect(r.body).not.toContain('No space left');
      const h = await health(t);
      expect(h.statusCode).toBe(503);
      expect(h.body).toMatchObject({ status: 'degraded', database: { ok: true, writable: false } });
    } finally {
      await iso.database.pool.query('drop trigger ah_disk_full on refresh_tokens; drop function ah_disk_full();');
    }
    expect((await login(t, member.email, member.password)).statusCode).toBe(200);
    expect((await health(t)).body).toMatchObject({ status: 'ok', database: { writable: true } });
  });

  it('a read-only database: writes answer 503 service.writes_unavailable and health is degraded before any write fails', async () => {
    const member = await createMember(t.database);
    const name = new URL(iso.url).pathname.slice(1);
    const reconnect = `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`;
    await asAdmin(`alter database ${name} set default_transaction_read_only = on`);
    await asAdmin(reconnect);
    const readOnly = await createTestApp({ database: createDatabase(iso.url, { warn: () => {} }) });
    try {
      const h = await health(readOnly);
      expect(h.statusCode).toBe(503);
      expect(h.body).toMatchObject({ status: 'degraded', database: { ok: true, writable: false } });
      const r = await login(readOnly, member.email, member.password);
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('service.writes_unavailable');
    } finally {
      await asAdmin(`alter database ${name} reset default_transaction_read_only`);
      await asAdmin(reconnect);
    }
    let after = 0;
    for (let i = 0; i < 20 && after !== 200; i++) {
      after = (await login(readOnly, member.email, member.password)).statusCode;
      if (after !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(after).toBe(200);
    expect((await health(readOnly)).body).toMatchObject({ status: 'ok', database: { writable: true } });
    await readOnly.close();
  });
});
