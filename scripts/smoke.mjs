// Smoke test of the newcomer path: the built hub with no DATABASE_URL (embedded PostgreSQL) in a
// fresh DATA_DIR; demo admin signs in; then a restart on the same DATA_DIR (timed) keeps the data;
// then, when the build is up to date, the same restart through `pnpm start`'s path (scripts/start.mjs,
// which must not build again), timed too.
import { spawn, spawnSync } from 'node:child_process';
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

async function startHub(args = hubArgs) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    process.stdout.write(d);
  });
  child.output = () => out;
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

  // `pnpm start` runs scripts/start.mjs: with the build up to date it starts the hub at once. It never
  // builds here (a build would rewrite web/dist under other tests): only timed when the stamp matches.
  const start = path.join(root, 'scripts/start.mjs');
  let viaStart = 'not timed: the build is older than the sources (run `pnpm build`)';
  if (spawnSync(process.execPath, [start, '--check'], { cwd: root, stdio: 'ignore' }).status === 0) {
    const third = await startHub([start]);
    if (third.child.output().includes('building')) fail('scripts/start.mjs built again with the build up to date');
    const total3 = await signIn();
    if (total3 !== total1) fail(`restart through scripts/start.mjs changed the member count ${total1} → ${total3}`);
    await stopHub(third.child);
    viaStart = `${third.ms} ms`;
  }
  console.log(
    `smoke: ok — first start (initdb + migrate + seed) ${first.ms} ms to healthy; restart on the existing data dir ${second.ms} ms (node server/dist/main.js), through scripts/start.mjs ${viaStart}; ${total1} demo members kept`,
  );
} finally {
  await fs.rm(dataDir, { recursive: true, force: true });
}
