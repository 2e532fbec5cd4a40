/**
 * bench:fanout — 5,000 real socket.io clients (in worker processes, one member each, websocket only)
 * subscribed to the global all-time board while completions run at a steady rate, through the built
 * hub. Prints, in one run:
 * - commit to client: from each completion's 201 to the moment each client first sees the member's
 *   new points in a `leaderboard:update`, p50/p99/max over every (client, completion) pair, and the
 *   pairs missed (aim p99 ≤ 500 ms);
 * - the hub's event-loop delay over that phase, from GET /api/health (aim max ≤ 100 ms);
 * - completions/s at full load (autocannon) with the 5,000 sockets connected and subscribed, and
 *   with none, before they connect and after they all left, and the ratio to the better of those (aim ≥ 0.8);
 * - the hub's RSS with the sockets connected.
 * Needs the built server (`pnpm bench:fanout` builds it; BENCH_SKIP_BUILD=1 skips that).
 * FANOUT_CLIENTS, FANOUT_WORKERS, FANOUT_RATE (completions/s), FANOUT_SECONDS, BENCH_SECONDS adjust it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from './fresh-db.js';
import { benchChallenge, benchSessions, benchToken, completionLoad, hubEnv } from './bench-kit.js';
import type { Completion, FromWorker, ToWorker } from './fanout-clients.js';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const CLIENTS = Number(process.env.FANOUT_CLIENTS ?? 5000);
const WORKERS = Number(process.env.FANOUT_WORKERS ?? 4);
const RATE = Number(process.env.FANOUT_RATE ?? 20);
const FANOUT_SECONDS = Number(process.env.FANOUT_SECONDS ?? 20);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const HOT = 10; // members whose completions keep moving the top 10
const MEMBERS = Math.max(5000, CLIENTS);
const SECRET = crypto.randomBytes(32).toString('hex');
const AIM_P99_MS = 500;
const AIM_LOOP_MS = 100;
const AIM_RATIO = 0.8;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const jwt = (sub: string) => benchToken(SECRET, sub, 3600);

/** Starts `node <args>` with the open-files limit raised as far as this machine allows. */
function spawnNode(args: string[], opts: Parameters<typeof spawn>[2]): ChildProcess {
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"';
  return spawn('sh', ['-c', script, process.execPath, ...args], opts);
}

function openFiles(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/limits`, 'utf8').match(/Max open files\s+(\d+)/);
  return Number(line?.[1] ?? NaN);
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
}

function pct(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Health {
  eventLoop: { p99Ms: number; maxMs: number; sinceSeconds: number };
  sockets: number;
}

class Worker {
  readonly child: ChildProcess;
  private waiting = new Map<string, (m: FromWorker) => void>();
  constructor() {
    this.child = spawnNode(['--import', 'tsx', path.join(root, 'tests/bench/fanout-clients.ts')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.child.on('message', (m: FromWorker) => {
      const w = this.waiting.get(m.type);
      this.waiting.delete(m.type);
      w?.(m);
    });
  }
  ask<T extends FromWorker['type']>(msg: ToWorker, reply: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a client worker exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting.set(reply, (m) => {
        this.child.off('exit', onExit);
        resolve(m as Extract<FromWorker, { type: T }>);
      });
      this.child.send(msg);
    });
  }
}

const db = await freshDatabase();
let hub: ChildProcess | null = null;
const workers: Worker[] = [];
let errors = 0;
try {
  // ——— Data: members with one live session each, an auto-approved repeatable challenge ———
  const d = createDatabase(db.url, { warn: () => {} });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, MEMBERS);
  const ids = (await d.db.execute<{ id: string }>(sql`select id from members order by email`)).rows.map((r) => r.id);
  await benchSessions(d.db);
  const ch = { id: await benchChallenge(d.db, { limit: 100_000, points: 1 }) };
  // Done once by each hot member: far ahead of everyone autocannon's load raises by a point at a time.
  // Ten runners-up sit between them and the rest, so the member everyone else must pass (part of each
  // one's `leaderboard:me`) stays still while the top 10 move: the phase measures the board's fan-out.
  const headStart = async (title: string, points: number) => {
    const [c] = (
      await d.db.execute<{ id: string }>(sql`
      insert into challenges (title, status, repeat_mode) values (${title}, 'published', 'once') returning id`)
    ).rows;
    await d.db.execute(
      sql`insert into challenge_stages (challenge_id, position, kind, title, points) values (${c!.id}, 0, 'confirm', 'Go', ${points})`,
    );
    return c!.id;
  };
  const lead = await headStart('Bench: head start', 100_000);
  const second = await headStart('Bench: runner-up', 50_000);
  await d.close();
  const tokens = ids.map(jwt);
  const hot = ids.slice(0, HOT);
  const hotTokens = tokens.slice(0, HOT);
  const runnersUp = tokens.slice(HOT, 2 * HOT);
  const loadTokens = tokens.slice(2 * HOT); // autocannon's members: never the hot ones or the runners-up

  // ——— The hub ———
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  hub = spawnNode([...profile, path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: hubEnv(port, db.url, SECRET, { MAX_CONNECTIONS: '20000' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForHealth(`${base}/api/health`, 60_000, hub);
  const hubPid = hub.pid!;
  const fdLimit = openFiles(hubPid);
  if (fdLimit < CLIENTS + 500) console.warn(`the hub may open only ${fdLimit} files: fewer than the sockets asked`);

  const health = async (reset = false): Promise<Health> => {
    const r = await fetch(`${base}/api/health${reset ? '?eventLoop=reset' : ''}`);
    return (await r.json()) as Health;
  };

  const load = completionLoad(base, ch!.id, loadTokens, CONNECTIONS);

  /** One completion by a hot member: its 201's arrival time and the points it gave. */
  const complete = async (
    m: number,
    challenge = ch!.id,
    token = hotTokens[m]!,
  ): Promise<{ at: number; points: number; sentAt: number }> => {
    const sentAt = now();
    const r = await fetch(`${base}/api/challenges/${challenge}/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': crypto.randomUUID(),
      },
      body: '{}',
    });
    const at = now();
    if (r.status !== 201) throw new Error(`completion: ${r.status} ${await r.text()}`);
    const body = (await r.json()) as { completion: { pointsAwarded: number; bonusAwarded: number } };
    return { at, points: body.completion.pointsAwarded + body.completion.bonusAwarded, sentAt };
  };

  // ——— Warm-up, full load before any socket, and a head start that puts the hot members on top ———
  await load(3);
  await health(true);
  let c1 = cpuSeconds(hubPid);
  const before = await load(LOAD_SECONDS);
  const loopBefore = (await health(true)).eventLoop;
  const cpuBefore = (cpuSeconds(hubPid) - c1) / LOAD_SECONDS;
  await Promise.all(hot.map((_, m) => complete(m, lead)));
  await Promise.all(runnersUp.map((t, m) => complete(m, second, t)));
  for (let k = 0; k < 3; k++) await Promise.all(hot.map((_, m) => complete(m)));
  const rssBefore = rssMb(hubPid);

  // ——— 5,000 clients in workers ———
  const t0 = now();
  for (let w = 0; w < WORKERS; w++) workers.push(new Worker());
  const per = Math.ceil(CLIENTS / WORKERS);
  const connected = await Promise.all(
    workers.map((w, i) =>
      w.ask(
        {
          type: 'connect',
          url: base,
          tokens: tokens.slice(i * per, Math.min(CLIENTS, (i + 1) * per)),
          hot,
          concurrency: 25,
        },
        'connected',
      ),
    ),
  );
  const connectSeconds = (now() - t0) / 1000;
  const clientsOk = connected.reduce((s, c) => s + c.ok, 0);
  const clientsFailed = connected.reduce((s, c) => s + c.failed, 0);
  if (clientsFailed) {
    errors++;
    console.error(`${clientsFailed} clients failed to connect: ${connected.find((c) => c.error)?.error}`);
  }
  await sleep(1000);
  const socketsOn = (await health()).sockets;
  const rssWith = rssMb(hubPid);

  // Each hot member's points now, on the board the clients watch.
  const board = (await (
    await fetch(`${base}/api/leaderboards/global?period=all&limit=${HOT}`, {
      headers: { authorization: `Bearer ${hotTokens[0]}` },
    })
  ).json()) as { entries: { memberId: string; points: number }[] };
  const points = hot.map((id) => board.entries.find((e) => e.memberId === id)?.points);
  if (points.some((p) => p === undefined)) throw new Error('the hot members are not the top 10 after their head start');
  const running = points as number[];

  // ——— Completions at a steady rate; each raises one of the top 10 ———
  await health(true);
  const cpu0 = cpuSeconds(hubPid);
  const workersCpu0 = workers.reduce((t, w) => t + cpuSeconds(w.child.pid!), 0);
  const total = RATE * FANOUT_SECONDS;
  const completions: Completion[] = [];
  const apiMs: number[] = [];
  const chain = hot.map(() => Promise.resolve());
  let completionErrors = 0;
  const start = now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - now();
    if (wait > 0) await sleep(wait);
    const m = i % HOT;
    // A member's completions one after another, so each 201 names the member's points after it.
    chain[m] = chain[m]!.then(() =>
      complete(m).then(
        (c) => {
          running[m] = running[m]! + c.points;
          completions.push({ member: m, points: running[m]!, at: c.at, sent: c.sentAt });
          apiMs.push(c.at - c.sentAt);
        },
        (err: unknown) => {
          completionErrors++;
          console.error(err instanceof Error ? err.message : err);
        },
      ),
    );
  }
  await Promise.all(chain);
  const fanoutSeconds = (now() - start) / 1000;
  await sleep(2000); // the last updates on their way
  const loopFanout = (await health(true)).eventLoop;
  const phaseSeconds = (now() - start) / 1000;
  const hubCpuFanout = cpuSeconds(hubPid) - cpu0;
  const cpuFanout = hubCpuFanout / phaseSeconds;
  const workersCpu = (workers.reduce((t, w) => t + cpuSeconds(w.child.pid!), 0) - workersCpu0) / phaseSeconds;
  if (completionErrors) errors++;

  const collected = await Promise.all(workers.map((w) => w.ask({ type: 'collect', completions }, 'collected')));
  const merge = (part: (c: (typeof collected)[number]) => Float64Array) => {
    const out = new Float64Array(collected.reduce((s, c) => s + part(c).length, 0));
    let off = 0;
    for (const c of collected) {
      out.set(part(c), off);
      off += part(c).length;
    }
    return out.sort();
  };
  const all = merge((c) => c.latencies);
  const allSent = merge((c) => c.fromSent);
  const missed = collected.reduce((s, c) => s + c.missed, 0);
  const updates = collected.reduce((s, c) => s + c.updates, 0);
  const meUpdates = collected.reduce((s, c) => s + c.meUpdates, 0);
  const droppedFanout = collected.reduce((s, c) => s + c.dropped, 0);
  const apiSorted = Float64Array.from(apiMs).sort();

  // ——— Full load with the sockets connected and subscribed ———
  await health(true);
  c1 = cpuSeconds(hubPid);
  const withSockets = await load(LOAD_SECONDS);
  const loopWith = (await health(true)).eventLoop;
  const cpuWith = (cpuSeconds(hubPid) - c1) / LOAD_SECONDS;
  const rssAfter = rssMb(hubPid);
  const after = await Promise.all(workers.map((w) => w.ask({ type: 'collect', completions: [] }, 'collected')));
  const dropped = after.reduce((s, c) => s + c.dropped, 0) - droppedFanout;
  const loadUpdates = after.reduce((s, c) => s + c.updates, 0) - updates;
  const loadMeUpdates = after.reduce((s, c) => s + c.meUpdates, 0) - meUpdates;
  if (dropped) {
    errors++;
    console.error(`${dropped} sockets were dropped by the hub`);
  }

  // ——— And with none ———
  await Promise.all(workers.map((w) => w.ask({ type: 'disconnect' }, 'disconnected')));
  const deadline = Date.now() + 20_000;
  let socketsOff = (await health()).sockets;
  while (socketsOff > 0 && Date.now() < deadline) {
    await sleep(250);
    socketsOff = (await health()).sockets;
  }
  for (const w of workers) w.child.kill('SIGTERM');
  workers.length = 0;
  if (socketsOff > 0) {
    errors++;
    console.error(`${socketsOff} sockets still connected 20 s after the clients closed them`);
  }
  await sleep(1000);
  await health(true);
  c1 = cpuSeconds(hubPid);
  const without = await load(LOAD_SECONDS);
  const loopWithout = (await health(true)).eventLoop;
  const cpuWithout = (cpuSeconds(hubPid) - c1) / LOAD_SECONDS;
  for (const r of [before, withSockets, without]) if (r.non2xx || r.errors) errors++;

  // ——— Report ———
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  // Against the better of the runs without sockets (before and after): other load on the machine only
  // ever lowers a run's figure, so the better one is the nearer to what the hub does alone.
  const bare = before.requests.average >= without.requests.average ? before : without;
  const bareCpu = bare === before ? cpuBefore : cpuWithout;
  const ratio = withSockets.requests.average / bare.requests.average;
  const p99 = pct(all, 99);
  const pairs = clientsOk * completions.length;
  // The hub's CPU over the broadcasting phase, less what its completions cost without sockets, per broadcast
  // (each client counts every broadcast, and the snapshot it got when it subscribed).
  const broadcasts = updates / Math.max(1, clientsOk) - 1;
  const cpuPerBroadcast =
    (hubCpuFanout - completions.length * (bareCpu / bare.requests.average)) / Math.max(1, broadcasts);
  const rows: [string, string, string][] = [
    ['clients connected / failed', `${clientsOk} / ${clientsFailed} in ${connectSeconds.toFixed(1)} s`, ''],
    ['hub sockets (health) with clients / after', `${socketsOn} / ${socketsOff}`, ''],
    ['hub open-files limit', String(fdLimit), ''],
    [
      `completions at ${RATE}/s by ${HOT} top members`,
      `${completions.length} in ${fanoutSeconds.toFixed(1)} s, errors ${completionErrors}, API p50 ${ms(pct(apiSorted, 50))} p99 ${ms(pct(apiSorted, 99))}`,
      '',
    ],
    ['commit (201) → client  p50', ms(pct(all, 50)), ''],
    ['commit (201) → client  p99', ms(p99), `${verdict(p99 <= AIM_P99_MS)} (aim ≤ ${AIM_P99_MS} ms)`],
    ['commit (201) → client  max', ms(all[all.length - 1] ?? NaN), ''],
    [
      'request sent → client  p50 / p99 / max',
      `${ms(pct(allSent, 50))} / ${ms(pct(allSent, 99))} / ${ms(allSent[allSent.length - 1] ?? NaN)}`,
      '',
    ],
    ['(client, completion) pairs received / missed', `${all.length} / ${missed} of ${pairs}`, ''],
    [
      'per client while broadcasting: leaderboard:update / :me',
      `${(updates / Math.max(1, clientsOk)).toFixed(1)} / ${(meUpdates / Math.max(1, clientsOk)).toFixed(1)}`,
      '',
    ],
    [
      'hub CPU per push to the room (≈, less completions)',
      `${ms(cpuPerBroadcast * 1000)} for ${clientsOk} sockets`,
      '',
    ],
    [
      'CPU while broadcasting: hub / client workers',
      `${(cpuFanout * 100).toFixed(0)} % / ${(workersCpu * 100).toFixed(0)} % of one core`,
      '',
    ],
    ['sockets dropped by the hub', String(droppedFanout + dropped), ''],
    [
      'hub event loop while broadcasting  p99 / max',
      `${loopFanout.p99Ms} / ${loopFanout.maxMs} ms over ${loopFanout.sinceSeconds} s`,
      `${verdict(loopFanout.maxMs <= AIM_LOOP_MS)} (aim max ≤ ${AIM_LOOP_MS} ms)`,
    ],
    [
      `completions/s, ${clientsOk} sockets subscribed`,
      `${withSockets.requests.average.toFixed(0)}/s  p50 ${withSockets.latency.p50} ms  p99 ${withSockets.latency.p99} ms  non-2xx ${withSockets.non2xx}  errors ${withSockets.errors}`,
      '',
    ],
    [
      '  hub event loop p99 / max; hub CPU',
      `${loopWith.p99Ms} / ${loopWith.maxMs} ms; ${(cpuWith * 100).toFixed(0)} % of one core`,
      '',
    ],
    [
      '  per client: leaderboard:update / :me',
      `${(loadUpdates / Math.max(1, clientsOk)).toFixed(1)} / ${(loadMeUpdates / Math.max(1, clientsOk)).toFixed(1)}`,
      '',
    ],
    ...(
      [
        ['before the sockets', before, loopBefore, cpuBefore],
        ['after they left', without, loopWithout, cpuWithout],
      ] as const
    ).flatMap(([when, r, loop, cpu]): [string, string, string][] => [
      [
        `completions/s, no sockets (${when})`,
        `${r.requests.average.toFixed(0)}/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
        '',
      ],
      [
        '  hub event loop p99 / max; hub CPU',
        `${loop.p99Ms} / ${loop.maxMs} ms; ${(cpu * 100).toFixed(0)} % of one core`,
        '',
      ],
    ]),
    [
      'ratio with / without sockets (the better)',
      ratio.toFixed(3),
      `${verdict(ratio >= AIM_RATIO)} (aim ≥ ${AIM_RATIO})`,
    ],
    [
      'hub RSS: before sockets / with sockets / after load',
      `${rssBefore.toFixed(0)} / ${rssWith.toFixed(0)} / ${rssAfter.toFixed(0)} MB`,
      '',
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(
    `\nbench:fanout — ${clientsOk} socket.io clients in ${WORKERS} workers, ${MEMBERS} members, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}, ${os.cpus().length} CPUs, ${new Date().toISOString()}`,
  );
  for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd());
} catch (err) {
  errors++;
  console.error(err);
} finally {
  for (const w of workers) w.child.kill('SIGTERM');
  if (hub) {
    const exited = new Promise((r) => hub!.once('exit', r));
    hub.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
  await db.cleanup();
}
process.exit(errors ? 1 : 0);
