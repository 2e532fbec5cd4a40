// End-to-end tests: build, start the built hub like a user does (its own fresh database), run
// Playwright against it in a real Chromium, stop it. Extra arguments go to `playwright test`.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findChromium, freePort, hubArgs, root, run, waitForHealth } from './lib.mjs';

const args = process.argv.slice(2);
let chromium;
try {
  chromium = findChromium();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
console.log(`e2e: using Chromium at ${chromium}`);

if (!process.env.E2E_SKIP_BUILD) {
  const code = await run('pnpm', ['build']);
  if (code !== 0) process.exit(code);
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// A port for the webhook receiver the specs start (tests/e2e/webhooks.spec.ts): the hub allows it.
const webhookPort = await freePort();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-e2e-'));
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: baseUrl,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  WEBHOOK_ALLOW_HOSTS: [process.env.WEBHOOK_ALLOW_HOSTS, `127.0.0.1:${webhookPort}`].filter(Boolean).join(','),
};
delete env.SEED_DEMO;
let dropDatabase = async () => {};
if (process.env.DATABASE_URL) {
  const name = `ah_e2e_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  env.DATABASE_URL = u.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  console.log(`e2e: hub on ${baseUrl} with database ${name} on DATABASE_URL`);
} else {
  delete env.DATABASE_URL;
  console.log(`e2e: hub on ${baseUrl} with an embedded PostgreSQL in ${dataDir}`);
}

const server = spawn(process.execPath, hubArgs, {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
let code = 1;
try {
  await waitForHealth(`${baseUrl}/api/health`, 120_000, server);
  code = await run('pnpm', ['exec', 'playwright', 'test', ...args], {
    env: {
      ...process.env,
      E2E_BASE_URL: baseUrl,
      CHROMIUM_PATH: chromium,
      E2E_DATABASE_URL: env.DATABASE_URL ?? '',
      E2E_WEBHOOK_PORT: String(webhookPort),
    },
  });
  if (server.exitCode !== null) {
    console.error(`e2e: the hub stopped during the run (exit code ${server.exitCode})`);
    code ||= 1;
  }
} catch (err) {
  console.error(`e2e: ${err.message}`);
} finally {
  if (server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
  await dropDatabase().catch((e) => console.error(`e2e: could not drop the database: ${e.message}`));
  await fs.rm(dataDir, { recursive: true, force: true });
}
process.exit(code);
