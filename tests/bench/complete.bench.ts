/**
 * bench:complete — completions per second and p99 through the HTTP API (auto-approved challenge,
 * 32 connections, 5,000 members, a fresh Idempotency-Key per request) next to pgbench running the
 * bare ledger transaction (INSERT a ledger row + UPDATE the balance) on the same database in the
 * same run, and their ratio. Needs the built server (`pnpm bench` builds it) and pgbench.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from './fresh-db.js';
import {
  benchBadges,
  benchChallenge,
  benchSessions,
  benchToken,
  completionLoad,
  hubEnv,
  pgbenchPath,
} from './bench-kit.js';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEMBERS = 5000;
const SECRET = crypto.randomBytes(32).toString('hex');

const jwt = (sub: string) => benchToken(SECRET, sub, 900);

const pgbench = pgbenchPath();
const db = await freshDatabase();
let hub: ChildProcess | null = null;
try {
  const d = createDatabase(db.url, { warn: () => {} });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, MEMBERS);
  const ids = (await d.db.execute<{ id: string }>(sql`select id from members order by email`)).rows.map((r) => r.id);
  await benchSessions(d.db);
  // pgbench picks members by number.
  await d.db.execute(sql`create table bench_members as select row_number() over (order by id) as n, id from members`);
  await d.db.execute(sql`create unique index on bench_members (n)`);
  const ch = { id: await benchChallenge(d.db, { limit: 1000, points: 1 }) };
  // A program has badges: rules every approved completion can meet (BENCH_BADGES=0 leaves them out).
  if (process.env.BENCH_BADGES !== '0') await benchBadges(d.db, ch.id);
  await d.close();

  const port = await freePort();
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the hub there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  hub = spawn(process.execPath, [...profile, path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: hubEnv(port, db.url, SECRET),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 60_000, hub);
  const tokens = ids.map(jwt);
  const run = completionLoad(`http://127.0.0.1:${port}`, ch.id, tokens, CONNECTIONS);
  await run(3); // warm-up
  const api = await run(SECONDS);
  const exitCode = await new Promise((r) => {
    hub!.once('exit', r);
    hub!.kill('SIGTERM');
  });
  hub = null;
  void exitCode;

  const script = path.join(os.tmpdir(), `ah-pgbench-${process.pid}.sql`);
  await fs.writeFile(
    script,
    `\\set n random(1, ${MEMBERS})
BEGIN;
INSERT INTO point_entries (member_id, delta, lifetime_delta, kind, source_type, reason) SELECT id, 1, 1, 'earn', 'bench', 'pgbench' FROM bench_members WHERE n = :n;
UPDATE members SET balance = balance + 1, lifetime = lifetime + 1 WHERE id = (SELECT id FROM bench_members WHERE n = :n);
END;
`,
  );
  const pb = spawnSync(
    pgbench,
    ['-n', '-c', String(CONNECTIONS), '-j', '2', '-T', String(SECONDS), '-f', script, db.url],
    { encoding: 'utf8' },
  );
  await fs.rm(script, { force: true });
  const tps = Number(/tps = ([\d.]+)/.exec(pb.stdout)?.[1] ?? NaN);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(pb.stdout)?.[1] ?? NaN);
  if (!Number.isFinite(tps)) throw new Error(`pgbench failed: ${pb.stderr || pb.stdout}`);

  const ok = api.non2xx === 0 && api.errors === 0;
  console.log(
    `\nbench:complete — ${CONNECTIONS} connections, ${SECONDS}s each, ${MEMBERS} members, ${process.env.BENCH_BADGES === '0' ? 'no badges' : '4 rule badges'}, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}`,
  );
  console.log(
    `  API  POST /api/challenges/:id/completions  ${api.requests.average.toFixed(0).padStart(6)} completions/s   p50 ${api.latency.p50} ms   p99 ${api.latency.p99} ms   non-2xx ${api.non2xx}   errors ${api.errors}`,
  );
  console.log(
    `  pgbench  INSERT ledger + UPDATE balance     ${tps.toFixed(0).padStart(6)} tps             avg ${lat} ms`,
  );
  console.log(`  ratio API/pgbench: ${(api.requests.average / tps).toFixed(3)}   (aim ≥ 0.5 with p99 ≤ 25 ms)`);
  if (!ok) process.exitCode = 1;
} finally {
  if (hub) hub.kill('SIGTERM');
  await db.cleanup();
}
