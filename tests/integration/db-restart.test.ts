import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/db/embedded.js';
import { createDatabase } from '../../server/src/db/client.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { createTestApp, signedIn, type TestApp } from './helpers.js';

// A PostgreSQL of its own (never the shared one): this test stops and starts it under a running app.
let pg: EmbeddedPostgres;
let dir: string;
let t: TestApp;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-restart-'));
  pg = await startEmbeddedPostgres(dir, { info: () => {}, warn: () => {} });
  const database = createDatabase(pg.url, { warn: () => {} }, { max: 10 });
  await migrateDatabase(database.pool);
  t = await createTestApp({ database });
});
afterAll(async () => {
  await t?.close();
  await pg?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a PostgreSQL restart under a running app', () => {
  it('never kills the process: requests in flight and during the outage get 503, later ones succeed', async () => {
    const member = await signedIn(t);
    expect((await member.as({ method: 'GET', url: '/api/me' })).statusCode).toBe(200);

    // Fire requests, then stop the database while they are in flight.
    const inFlight = Array.from({ length: 30 }, () => member.as({ method: 'GET', url: '/api/me' }));
    const stopping = pg.stop();
    const during = await Promise.all(inFlight);
    await stopping;
    for (const r of during) expect([200, 503]).toContain(r.statusCode);

    const down = await member.as({ method: 'GET', url: '/api/me' });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('service.unavailable');
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().database.ok).toBe(false);

    await pg.start();
    let after = 0;
    for (let i = 0; i < 50 && after !== 200; i++) {
      after = (await member.as({ method: 'GET', url: '/api/me' })).statusCode;
      if (after !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(after).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
