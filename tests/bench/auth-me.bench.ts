/**
 * Authenticated request cost: GET /api/me with Bearer tokens of many members (JWT verify + member
 * and level lookups + serialisation) through the built hub, next to a hello-world Fastify server
 * measured in the same run. Prints req/s, p99 and the ratio. `pnpm bench` runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { freshDatabase } from './fresh-db.js';
import { createDatabase } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MEMBERS = 5000;

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
async function stop(child: ChildProcess) {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

function load(url: string, tokens: string[] | null) {
  let i = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    setupClient: tokens
      ? (client: { setHeaders(h: Record<string, string>): void }) => {
          client.setHeaders({ authorization: `Bearer ${tokens[i++ % tokens.length]}` });
        }
      : undefined,
  });
}

const db = await freshDatabase();
const hubPort = await freePort();
const helloPort = await freePort();
let hub: ChildProcess | null = null;
let hello: ChildProcess | null = null;
try {
  const d = createDatabase(db.url, { warn: () => {} });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, MEMBERS);
  await d.close();

  hub = start([path.join(root, 'server/dist/main.js')], {
    PORT: String(hubPort),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: os.tmpdir(),
  });
  await waitForHealth(`http://127.0.0.1:${hubPort}/api/health`, 60_000, hub);
  const tokens: string[] = [];
  for (let n = 1; n <= CONNECTIONS; n++) {
    const r = await fetch(`http://127.0.0.1:${hubPort}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${n * 97}@bench.test`, password: 'bench-password' }),
    });
    if (!r.ok) throw new Error(`token for bench-${n * 97}: ${r.status} ${await r.text()}`);
    tokens.push(((await r.json()) as { accessToken: string }).accessToken);
  }
  await load(`http://127.0.0.1:${hubPort}/api/me`, tokens.slice(0, 4)); // warm-up
  const me = await load(`http://127.0.0.1:${hubPort}/api/me`, tokens);
  await stop(hub);
  hub = null;

  hello = start([path.join(root, 'tests/bench/hello-server.mjs')], { PORT: String(helloPort) });
  await waitForHealth(`http://127.0.0.1:${helloPort}/hello`, 20_000, hello);
  await load(`http://127.0.0.1:${helloPort}/hello`, null);
  const base = await load(`http://127.0.0.1:${helloPort}/hello`, null);

  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`;
  console.log(
    `\nauth-me bench: ${CONNECTIONS} connections, ${SECONDS}s each, ${MEMBERS} members, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}`,
  );
  console.log(row('GET /api/me (Bearer, hub)', me));
  console.log(row('GET /hello (bare Fastify baseline)', base));
  console.log(`ratio hub/baseline: ${(me.requests.average / base.requests.average).toFixed(3)}`);
  if (me.errors + me.non2xx > 0) process.exitCode = 1;
} finally {
  if (hub) await stop(hub);
  if (hello) await stop(hello);
  await db.cleanup();
}
