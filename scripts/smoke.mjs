// Smoke test of the newcomer path: the built hub with no DATABASE_URL (embedded PostgreSQL) in a
// fresh DATA_DIR; demo admin signs in; then a restart on the same DATA_DIR (timed) keeps the data.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, hubArgs, root, waitForHealth } from './lib.mjs';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-smoke-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.SEED_DEMO;

function fail(msg) {
  console.error(`smoke: FAILED: ${msg}`);
  process.exitCode = 1;
  throw new Error(msg);
}

async function startHub() {
  const t0 = performance.now();
  const child = spawn(process.execPath, hubArgs, {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHealth(`${base}/api/health`, 120_000, child);
  return { child, ms: Math.round(performance.now() - t0) };
}
async function stopHub(child) {
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
  if (code !== 0) fail(`hub did not stop cleanly on SIGTERM (${code})`);
}
async function signIn() {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.test', password: 'demo-password' }),
  });
  if (r.status !== 200) fail(`demo admin sign-in answered ${r.status}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const members = await (await fetch(`${base}/api/admin/members?limit=1`, { headers: { cookie } })).json();
  return members.total;
}

try {
  const first = await startHub();
  const health = await (await fetch(`${base}/api/health`)).json();
  if (!health.database.embedded) fail('expected the embedded PostgreSQL');
  const html = await (await fetch(`${base}/admin/members`)).text();
  if (!html.includes('<div id="app"')) fail('the SPA is not served for a client-side route');
  const total1 = await signIn();
  if (total1 < 30) fail(`expected the demo program (~40 members), found ${total1}`);
  await stopHub(first.child);

  const second = await startHub();
  const total2 = await signIn();
  if (total2 !== total1) fail(`restart changed the member count ${total1} → ${total2}`);
  await stopHub(second.child);
  console.log(
    `smoke: ok — first start (initdb + migrate + seed) ${first.ms} ms to healthy; restart on the existing data dir ${second.ms} ms; ${total1} demo members kept`,
  );
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}
