/**
 * One fresh database per test run: a new database on the server at DATABASE_URL when it is set,
 * else an embedded PostgreSQL in a temporary folder. Migrated once; dropped at the end.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/src/db/embedded.js';
import { createDatabase } from '../../server/src/db/client.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'external' | 'embedded';
  }
}

const quiet = { info: () => {}, warn: (m: string) => console.warn(m) };

export default async function setup(project: TestProject) {
  const name = `ah_test_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  let url: string;
  let teardown: () => Promise<void>;
  const external = process.env.DATABASE_URL;
  if (external) {
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(external);
    u.pathname = `/${name}`;
    url = u.toString();
    teardown = async () => {
      const c = new pg.Client({ connectionString: external });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-test-pg-'));
    const embedded = await startEmbeddedPostgres(dir, quiet);
    url = embedded.url;
    teardown = async () => {
      await embedded.stop();
      await fs.rm(dir, { recursive: true, force: true });
    };
  }
  const database = createDatabase(url, { warn: () => {} }, { max: 2 });
  await migrateDatabase(database.pool);
  await database.close();
  project.provide('databaseUrl', url);
  project.provide('databaseKind', external ? 'external' : 'embedded');
  console.warn(`integration tests use ${external ? `database ${name} on DATABASE_URL` : 'an embedded PostgreSQL'}`);
  return teardown;
}
