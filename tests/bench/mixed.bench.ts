/**
 * bench:mixed — a conference burst at a fixed arrival rate (open loop): requests are sent at
 * Poisson arrival times whatever the answers do, and each latency is measured from the time the
 * request was SCHEDULED, not from when it went out, so a stalled server shows up in the figures
 * (no coordinated omission). The mix: GET /api/me 30%, GET /api/challenges 22%, a completion of an
 * auto-approved repeatable challenge 18% (an Idempotency-Key per request), GET /api/rewards 15%,
 * GET /api/challenges/:id 13%, a redemption of a cheap reward with a large stock 2%; each request by
 * a random one of 3,000 members (Bearer tokens). Rates 200 and 400 req/s (BENCH_RATES), BENCH_SECONDS
 * (60) each after a short warm-up. Prints p50/p90/p99/max and the non-2xx answers by status, per rate
 * and per kind. Aim (issue 14): p99 ≤ 50 ms at 200 req/s and ≤ 100 ms at 400 req/s, 0 errors.
 *
 * The baseline in the same run: the same generator at the same rates against the bare Fastify + pg
 * primary-key read server (tests/bench/pk-read-server.mjs) on the same database: the generator's and
 * the machine's own floor.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from './fresh-db.js';
import {
  benchToken,
  hubEnv,
  percentile,
  PK_READ_SERVER,
  seedProgramDatabase,
  startServer,
  stopServer,
} from './bench-kit.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP = Math.min(5, SECONDS);
const RATES = (process.env.BENCH_RATES ?? '200,400').split(',').map(Number);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 3000);
const SECRET = crypto.randomBytes(32).toString('hex');
const AIM: Record<number, number> = { 200: 50, 400: 100 };

interface Req {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  token: string | null;
  body?: string;
}
interface Sample {
  kind: string;
  ms: number;
  /** The HTTP status, or the socket error's code when there was no answer. */
  status: number | string;
}

/**
 * Sends `next()` requests at Poisson arrivals of `rate` per second for `seconds`, without waiting for
 * answers; a latency runs from the scheduled send time to the end of the answer.
 */
async function openLoop(port: number, rate: number, seconds: number, next: () => Req): Promise<Sample[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  const samples: Sample[] = [];
  const pending = new Set<Promise<void>>();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let at = t0;
  const send = (scheduled: number, r: Req) => {
    const done = new Promise<void>((resolve) => {
      const headers: Record<string, string> = {};
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      if (r.method === 'POST') {
        headers['content-type'] = 'application/json';
        headers['idempotency-key'] = crypto.randomUUID();
      }
      const req = http.request({ host: '127.0.0.1', port, path: r.path, method: r.method, agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          samples.push({ kind: r.kind, ms: performance.now() - scheduled, status: res.statusCode ?? 0 });
          resolve();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        samples.push({ kind: r.kind, ms: performance.now() - scheduled, status: e.code ?? 'network' });
        resolve();
      });
      req.end(r.body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };
  while (at < end) {
    const now = performance.now();
    // Everything due by now goes out, each stamped with its own scheduled time.
    while (at <= now && at < end) {
      send(at, next());
      at += (-Math.log(1 - Math.random()) * 1000) / rate;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(at - performance.now(), 5))));
  }
  await Promise.all(pending);
  agent.destroy();
  return samples;
}

const ok = (s: Sample) => typeof s.status === 'number' && s.status >= 200 && s.status <= 299;
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(7) : '    n/a');
function report(title: string, samples: Sample[], seconds: number): { p99: number; errors: number } {
  const lines: string[] = [];
  const groups = new Map<string, Sample[]>([['all', samples]]);
  for (const s of samples) groups.set(s.kind, [...(groups.get(s.kind) ?? []), s]);
  for (const [kind, list] of groups) {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    const bad = new Map<number | string, number>();
    for (const s of list) if (!ok(s)) bad.set(s.status, (bad.get(s.status) ?? 0) + 1);
    const errors = [...bad].map(([st, n]) => `${st}×${n}`).join(' ') || '0';
    lines.push(
      `  ${kind.padEnd(28)} ${String(list.length).padStart(6)} req ${f(list.length / seconds)}/s   p50 ${f(percentile(ms, 50))}   p90 ${f(percentile(ms, 90))}   p99 ${f(percentile(ms, 99))}   max ${f(ms[ms.length - 1] ?? NaN)} ms   errors ${errors}`,
    );
  }
  console.log(`${title}\n${lines.join('\n')}`);
  const all = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p99: percentile(all, 99), errors: samples.filter((s) => !ok(s)).length };
}

const db = await freshDatabase();
let child: ChildProcess | null = null;
try {
  const { program, ids } = await seedProgramDatabase(db.url, MEMBERS);
  const tokens = ids.map((id) => benchToken(SECRET, id, 3600 + 2 * SECONDS * RATES.length));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const readable = program.challengeIds;

  // The conference-burst mix, by cumulative share.
  const mix: [number, () => Omit<Req, 'token'>][] = [
    [0.3, () => ({ kind: 'GET /api/me', method: 'GET', path: '/api/me' })],
    [0.52, () => ({ kind: 'GET /api/challenges', method: 'GET', path: '/api/challenges' })],
    [
      0.7,
      () => ({
        kind: 'POST completion',
        method: 'POST',
        path: `/api/challenges/${program.repeatableId}/completions`,
        body: '{}',
      }),
    ],
    [0.85, () => ({ kind: 'GET /api/rewards', method: 'GET', path: '/api/rewards' })],
    [0.98, () => ({ kind: 'GET /api/challenges/:id', method: 'GET', path: `/api/challenges/${pick(readable)}` })],
    [
      1,
      () => ({
        kind: 'POST redemption',
        method: 'POST',
        path: `/api/rewards/${program.cheapRewardId}/redemptions`,
        body: '{}',
      }),
    ],
  ];
  const hubRequest = (): Req => {
    const u = Math.random();
    const make = mix.find(([share]) => u < share)![1];
    return { ...make(), token: pick(tokens) };
  };
  const baseRequest = (): Req => ({
    kind: 'GET /member/:id',
    method: 'GET',
    path: `/member/${pick(ids)}`,
    token: null,
  });

  const out: string[] = [];
  const hubPort = await freePort();
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  child = startServer([...profile, path.join(root, 'server/dist/main.js')], hubEnv(hubPort, db.url, SECRET));
  await waitForHealth(`http://127.0.0.1:${hubPort}/api/health`, 60_000, child);
  const hubRuns: [number, Sample[]][] = [];
  for (const rate of RATES) {
    await openLoop(hubPort, rate, WARMUP, hubRequest);
    hubRuns.push([rate, await openLoop(hubPort, rate, SECONDS, hubRequest)]);
  }
  await stopServer(child);
  child = null;

  const basePort = await freePort();
  child = startServer([path.join(root, PK_READ_SERVER)], {
    ...process.env,
    PORT: String(basePort),
    DATABASE_URL: db.url,
  });
  await waitForHealth(`http://127.0.0.1:${basePort}/member/${ids[0]}`, 20_000, child);
  const baseRuns: [number, Sample[]][] = [];
  for (const rate of RATES) {
    await openLoop(basePort, rate, WARMUP, baseRequest);
    baseRuns.push([rate, await openLoop(basePort, rate, SECONDS, baseRequest)]);
  }
  await stopServer(child);
  child = null;

  console.log(
    `\nbench:mixed — open loop, Poisson arrivals, latency from the scheduled send time; ${SECONDS} s per rate; ${MEMBERS.toLocaleString('en')} members, ${program.challengeIds.length} challenges, ${program.rewardIds.length} rewards; database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  let missed = false;
  for (let i = 0; i < RATES.length; i++) {
    const rate = RATES[i]!;
    const base = report(`\nbaseline at ${rate} req/s: bare Fastify + pg PK read`, baseRuns[i]![1], SECONDS);
    const hub = report(`hub at ${rate} req/s: the conference-burst mix`, hubRuns[i]![1], SECONDS);
    const aim = AIM[rate];
    out.push(
      `  ${String(rate).padStart(4)} req/s: hub p99 ${f(hub.p99)} ms, errors ${hub.errors}; baseline p99 ${f(base.p99)} ms; p99 ratio hub/baseline ${(hub.p99 / base.p99).toFixed(1)}${aim ? ` (aim p99 ≤ ${aim} ms, 0 errors: ${hub.p99 <= aim && hub.errors === 0 ? 'met' : 'missed'})` : ''}`,
    );
    if (hub.errors > 0) missed = true;
  }
  console.log(`\nsummary\n${out.join('\n')}`);
  if (missed) process.exitCode = 1;
} finally {
  if (child) await stopServer(child);
  await db.cleanup();
}
