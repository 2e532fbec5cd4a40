/**
 * bench:reads — the advocate's read paths through the built hub, with Bearer tokens of many members
 * (a different member on every request): GET /api/me, /api/challenges, /api/rewards and the
 * leaderboard (`/api/leaderboards/global?period=all&limit=10`, with the caller's own rank). Next to the
 * bare read baseline measured in the same run: a Fastify server with no plugins and one route that
 * reads one member by primary key through a pg.Pool of the hub's size, on the same database.
 * Prints req/s, p50, p99 of each and its req/s ratio to a baseline run made just before it (aim ≥ 0.5).
 *
 * A realistic program (bench-kit `benchProgram`): 3,000 members, 20 published challenges, 10
 * rewards, a few ledger entries per member. autocannon, 32 connections, BENCH_SECONDS (8) each after
 * a short warm-up. BENCH_PROFILE=<dir> writes a V8 CPU profile of the hub there.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freshDatabase } from './fresh-db.js';
import { benchToken, hubEnv, PK_READ_SERVER, seedProgramDatabase, startServer, stopServer } from './bench-kit.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Math.min(3, SECONDS);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 3000);
const SECRET = crypto.randomBytes(32).toString('hex');

/** GETs of `paths` (by request number) with the next token on every request. */
function load(base: string, pathFor: (i: number) => string, tokens: string[] | null, seconds: number) {
  let n = 0;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: autocannon.Request) => {
          const i = n++;
          return {
            ...req,
            path: pathFor(i),
            headers: tokens ? { authorization: `Bearer ${tokens[i % tokens.length]}` } : {},
          };
        },
      },
    ],
  });
}

/** CPU time (user + system, ms) a process has used so far; NaN where /proc is missing. */
async function cpuMs(pid: number | undefined): Promise<number> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}
/** A load run and the CPU the measured server spent per request in it. */
async function measured(pid: number | undefined, run: () => Promise<autocannon.Result>) {
  const c0 = await cpuMs(pid);
  const r = await run();
  return { r, cpu: ((await cpuMs(pid)) - c0) / Math.max(1, r.requests.total) };
}

const db = await freshDatabase();
let hubChild: ChildProcess | null = null;
let baseChild: ChildProcess | null = null;
try {
  const { program, ids } = await seedProgramDatabase(db.url, MEMBERS);
  const tokens = ids.map((id) => benchToken(SECRET, id, 3600));

  const reads = [
    ['GET /api/me', () => '/api/me'],
    ['GET /api/challenges', () => '/api/challenges'],
    ['GET /api/rewards', () => '/api/rewards'],
    ['GET /api/leaderboards/global', () => '/api/leaderboards/global?period=all&limit=10'],
  ] as const;

  // Both servers run side by side; each read is measured right after a baseline run, and its ratio
  // is taken against that run: on a shared, busy machine the load drifts between minutes.
  const hubPort = await freePort();
  const basePort = await freePort();
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  hubChild = startServer([...profile, path.join(root, 'server/dist/main.js')], hubEnv(hubPort, db.url, SECRET));
  baseChild = startServer([path.join(root, PK_READ_SERVER)], {
    ...process.env,
    PORT: String(basePort),
    DATABASE_URL: db.url,
  });
  const hub = `http://127.0.0.1:${hubPort}`;
  const base = `http://127.0.0.1:${basePort}`;
  await waitForHealth(`${hub}/api/health`, 60_000, hubChild);
  await waitForHealth(`${base}/member/${ids[0]}`, 20_000, baseChild);
  const byId = (i: number) => `/member/${ids[i % ids.length]}`;
  await load(base, byId, null, WARMUP);

  type Run = Awaited<ReturnType<typeof measured>>;
  const results: { name: string; r: Run; base: Run }[] = [];
  for (const [name, p] of reads) {
    await load(hub, p, tokens, WARMUP);
    const b = await measured(baseChild.pid, () => load(base, byId, null, SECONDS));
    results.push({ name, base: b, r: await measured(hubChild.pid, () => load(hub, p, tokens, SECONDS)) });
  }
  await stopServer(hubChild);
  hubChild = null;
  await stopServer(baseChild);
  baseChild = null;

  const row = (name: string, { r, cpu }: Run, b: Run | null) =>
    `${name.padEnd(42)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${String(r.errors + r.non2xx).padStart(3)}   server CPU ${cpu.toFixed(2)} ms/req${b ? `   ratio ${(r.requests.average / b.r.requests.average).toFixed(3)} (baseline next to it ${b.r.requests.average.toFixed(0)} req/s); CPU ratio ${(b.cpu / cpu).toFixed(3)}` : ''}`;
  console.log(
    `\nbench:reads — ${CONNECTIONS} connections, ${SECONDS} s each, ${MEMBERS.toLocaleString('en')} members (a different one per request), ${program.challengeIds.length} challenges, ${program.rewardIds.length} rewards, ${program.entries.toLocaleString('en')} ledger entries; database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  for (const { name, base: b } of results) console.log(row(`baseline (before ${name.slice(4)})`, b, null));
  for (const { name, r, base: b } of results) console.log(row(name, r, b));
  console.log(
    'baseline: GET /member/:id on a bare Fastify + pg.Pool PK read; ratio: the hub’s req/s over the baseline run just before it (aim ≥ 0.5)',
  );
  console.log(
    'CPU ratio: the baseline server’s CPU per request over the hub’s (the hub process alone, PostgreSQL not counted): steadier than req/s on a busy machine',
  );
  if (results.some(({ r, base: b }) => r.r.errors + r.r.non2xx + b.r.errors + b.r.non2xx > 0)) process.exitCode = 1;
} finally {
  if (hubChild) await stopServer(hubChild);
  if (baseChild) await stopServer(baseChild);
  await db.cleanup();
}
