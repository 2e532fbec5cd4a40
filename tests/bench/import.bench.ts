/**
 * bench:import — an admin's CSV import of events (`POST /api/admin/events/import`, points.award rows
 * over 1,000 members) through the built hub over HTTP: rows per second applied, and again for the
 * same file replayed (every row already applied); the ledger checked afterwards (Σ balances = Σ
 * points of the file). Baseline in the same run: pgbench with one client running the bare ledger
 * transaction (INSERT a ledger row + UPDATE the balance) once per row, as a one-row-at-a-time import
 * at its barest. `BENCH_ROWS` sets the file's size (default 10,000, the most a file may hold).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from './fresh-db.js';
import { benchSessions, benchToken, hubEnv, pgbenchPath } from './bench-kit.js';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const MEMBERS = 1000;
const SECRET = crypto.randomBytes(32).toString('hex');

const pgbench = pgbenchPath();
const db = await freshDatabase();
let hub: ChildProcess | null = null;
try {
  const d = createDatabase(db.url, { warn: () => {} });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, MEMBERS);
  const members = (await d.db.execute<{ id: string; email: string }>(sql`select id, email from members order by email`))
    .rows;
  const boss = members[0]!;
  await d.db.execute(sql`insert into member_roles (member_id, role) values (${boss.id}, 'admin')`);
  await benchSessions(d.db, [boss.id]);
  await d.db.execute(sql`create table bench_members as select row_number() over (order by id) as n, id from members`);
  await d.db.execute(sql`create unique index on bench_members (n)`);
  await d.db.execute(sql`analyze`);

  const lines = ['email,type,points,reason'];
  let total = 0;
  for (let i = 0; i < ROWS; i++) {
    const points = 1 + (i % 9);
    total += points;
    lines.push(`${members[1 + (i % (MEMBERS - 1))]!.email},points.award,${points},Webinar ${i}`);
  }
  const csv = lines.join('\n');

  const port = await freePort();
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of the hub there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  hub = spawn(process.execPath, [...profile, path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: hubEnv(port, db.url, SECRET),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 60_000, hub);
  const upload = async () => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/admin/events/import?dryRun=false`, {
      method: 'POST',
      headers: { authorization: `Bearer ${benchToken(SECRET, boss.id)}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const ms = performance.now() - t0;
    const body = (await res.json()) as { summary?: { ok: number }; rows?: { result?: { replay: boolean } }[] };
    if (res.status !== 200 || body.summary?.ok !== ROWS)
      throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return { ms, replays: body.rows!.filter((r) => r.result?.replay).length };
  };
  const first = await upload();
  const again = await upload();
  const check = await d.db.execute<{ balance: string; entries: string }>(
    sql`select (select sum(balance) from members)::text as balance, (select count(*) from point_entries)::text as entries`,
  );
  await new Promise((r) => {
    hub!.once('exit', r);
    hub!.kill('SIGTERM');
  });
  hub = null;
  const exact = Number(check.rows[0]!.balance) === total && Number(check.rows[0]!.entries) === ROWS;

  const script = path.join(os.tmpdir(), `ah-pgbench-import-${process.pid}.sql`);
  await fs.writeFile(
    script,
    `\\set n random(2, ${MEMBERS})
BEGIN;
INSERT INTO point_entries (member_id, delta, lifetime_delta, kind, source_type, reason) SELECT id, 1, 1, 'earn', 'bench', 'pgbench' FROM bench_members WHERE n = :n;
UPDATE members SET balance = balance + 1, lifetime = lifetime + 1 WHERE id = (SELECT id FROM bench_members WHERE n = :n);
END;
`,
  );
  const t0 = performance.now();
  const pb = spawnSync(pgbench, ['-n', '-c', '1', '-t', String(ROWS), '-f', script, db.url], { encoding: 'utf8' });
  const pbMs = performance.now() - t0;
  await fs.rm(script, { force: true });
  const tps = Number(/tps = ([\d.]+)/.exec(pb.stdout)?.[1] ?? NaN);
  if (!Number.isFinite(tps)) throw new Error(`pgbench failed: ${pb.stderr || pb.stdout}`);
  await d.close();

  const rate = (ROWS / first.ms) * 1000;
  console.log(
    `\nbench:import — ${ROWS} points.award rows over ${MEMBERS - 1} members, one upload over HTTP, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}`,
  );
  console.log(
    `  API  first upload   ${(first.ms / 1000).toFixed(1).padStart(6)} s   ${rate.toFixed(0).padStart(6)} rows/s   ledger exact: ${exact ? 'yes' : 'NO'}`,
  );
  console.log(
    `  API  same file again ${(again.ms / 1000).toFixed(1).padStart(5)} s   ${((ROWS / again.ms) * 1000).toFixed(0).padStart(6)} rows/s   (${again.replays} rows replayed, nothing awarded twice)`,
  );
  console.log(
    `  pgbench  1 client, INSERT ledger + UPDATE balance per row   ${(pbMs / 1000).toFixed(1)} s   ${tps.toFixed(0).padStart(6)} tps`,
  );
  console.log(`  ratio API rows/s / pgbench tps: ${(rate / tps).toFixed(3)}`);
  if (!exact || again.replays !== ROWS) process.exitCode = 1;
} finally {
  if (hub) hub.kill('SIGTERM');
  await db.cleanup();
}
