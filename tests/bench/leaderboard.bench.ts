/**
 * bench:leaderboard — a million members with a realistic ledger (12 weeks, skewed activity: most
 * members earn a little, a few a lot). Through the HTTP API: my rank (`limit=1`, with `me`) and the
 * top 100, all time and this week, p50/p99 at 1 and 32 concurrent clients; next to Redis
 * ZREVRANK / ZREVRANGE on the same scores loaded into Redis in the same run, and the ratios.
 * Freshness: from a completion's 201 to the new points visible through the API and through a
 * socket, p99 over 200 completions. The hub's RSS. Run once without Redis (the default) and once
 * with REDIS_URL (the socket.io adapter). Needs the built server (`pnpm bench` builds it) and Redis
 * (REDIS_URL, default redis://127.0.0.1:6379) for the baseline.
 *
 * BENCH_MEMBERS (1,000,000) and BENCH_SECONDS (5 per measurement) scale it down for a quick look.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io as connect } from 'socket.io-client';
import type { LeaderboardResponse } from '@advocate-hub/shared';
import { freshDatabase } from './fresh-db.js';
import { benchChallenge, benchSessions, benchToken, hubEnv } from './bench-kit.js';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 2_000; // members with a session the bench signs in as
const COMPLETIONS = 200;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = crypto.randomBytes(32).toString('hex');

const jwt = (sub: string) => benchToken(SECRET, sub, 3600);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Stats {
  p50: number;
  p99: number;
  ops: number;
}

/** A closed loop: `concurrency` callers, each starting its next operation when the last one ends. */
async function drive(concurrency: number, seconds: number, op: (i: number) => Promise<void>): Promise<Stats> {
  const lat: number[] = [];
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await op(n++);
        lat.push(performance.now() - t0);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), ops: lat.length / seconds };
}

function getJson(agent: http.Agent, port: number, url: string, token: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: url, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode} ${body}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function postJson(port: number, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: url,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

function rssMb(pid: number): Promise<number> {
  return import('node:fs/promises')
    .then((fs) => fs.readFile(`/proc/${pid}/status`, 'utf8'))
    .then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? NaN) / 1024);
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2).padStart(7) : '    n/a');

const db = await freshDatabase();
const redis = createClient({ url: REDIS_URL });
redis.on('error', () => {});
let hub: ChildProcess | null = null;
try {
  await redis.connect();
  const t0 = Date.now();
  const d = createDatabase(db.url, { warn: () => {} }, { statementTimeoutMs: 0 });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, MEMBERS);
  // 12 weeks of earnings, skewed: entries per member ~ 12·u³ (mean 3, most 0–2, a few up to 12),
  // amounts from the usual challenge values. The trigger's notifications are for live changes.
  await d.db.execute(sql`alter table point_entries disable trigger point_entries_leaderboard`);
  await d.db.execute(sql`
    insert into point_entries (member_id, delta, lifetime_delta, kind, source_type, reason, created_at)
    select id, pts, pts, 'earn', 'bench', 'Bench challenge', at from (
      select m.id, (array[5, 10, 10, 25, 50, 100])[1 + floor(random() * 6)::int] as pts,
             now() - random() * interval '84 days' as at
      from members m
      -- m.id in the count ties it to each member (an uncorrelated random() would be drawn once).
      cross join lateral generate_series(1, floor(12 * power(random() + 0 * ascii(m.id::text), 3))::int) s) x`);
  await d.db.execute(sql`alter table point_entries enable trigger point_entries_leaderboard`);
  await d.db.execute(sql`
    update members m set balance = e.total, lifetime = e.total, lifetime_at = e.at
    from (select member_id, sum(lifetime_delta)::int as total, max(created_at) as at from point_entries group by member_id) e
    where e.member_id = m.id`);
  const entries = Number((await d.db.execute<{ n: string }>(sql`select count(*) as n from point_entries`)).rows[0]!.n);
  // Sessions for the members the bench signs in as: a random sample.
  const ids = (
    await d.db.execute<{ id: string }>(sql`select id from members order by random() limit ${CLIENTS}`)
  ).rows.map((r) => r.id);
  await benchSessions(d.db, ids);
  const ch = { id: await benchChallenge(d.db, { limit: 1000, points: 10 }) };
  await d.db.execute(sql`analyze`);
  const setupSeconds = (Date.now() - t0) / 1000;

  // The Redis baseline: the same all-time and this-week scores in two sorted sets.
  const weekStart = (
    await d.db.execute<{ s: string }>(sql`select date_trunc('week', now() at time zone 'UTC') at time zone 'UTC' as s`)
  ).rows[0]!.s;
  const keys = { all: `ah-bench:all:${process.pid}`, week: `ah-bench:week:${process.pid}` };
  for (const [key, where] of [
    [keys.all, sql`true`],
    [keys.week, sql`created_at >= ${weekStart}`],
  ] as const) {
    const rows = (
      await d.db.execute<{ id: string; pts: number }>(
        sql`select member_id as id, sum(lifetime_delta)::int as pts from point_entries where ${where} group by member_id`,
      )
    ).rows;
    for (let i = 0; i < rows.length; i += 10_000) {
      await redis.zAdd(
        key,
        rows.slice(i, i + 10_000).map((r) => ({ score: r.pts, value: r.id })),
      );
    }
  }
  await d.close();

  const results: string[] = [];
  for (const variant of ['without Redis', 'with Redis'] as const) {
    const port = await freePort();
    const started = Date.now();
    hub = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
      cwd: root,
      env: hubEnv(port, db.url, SECRET, { REDIS_URL: variant === 'with Redis' ? REDIS_URL : '' }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, 120_000, hub);
    const tokens = ids.map(jwt);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    // The first request of a board waits for it to be built (directory, all time; then the week).
    await getJson(agent, port, '/api/leaderboards/global?period=all&limit=1', tokens[0]!);
    const allReady = (Date.now() - started) / 1000;
    const w0 = Date.now();
    await getJson(agent, port, '/api/leaderboards/global?period=week&limit=1', tokens[0]!);
    const weekBuild = (Date.now() - w0) / 1000;

    results.push(
      `\n${variant}: hub ready to rank ${MEMBERS.toLocaleString('en')} members ${allReady.toFixed(1)} s after start; this week's board built in ${weekBuild.toFixed(1)} s`,
    );
    results.push(
      '  latency ms (p50 / p99)               API 1 client        Redis 1 client      API 32 clients      Redis 32 clients    ratio p99 (1 / 32)',
    );
    for (const period of ['all', 'week'] as const) {
      const key = keys[period];
      for (const what of ['my rank', 'top 100'] as const) {
        const url = `/api/leaderboards/global?period=${period}&limit=${what === 'top 100' ? 100 : 1}`;
        const api1 = await drive(1, SECONDS, (i) =>
          getJson(agent, port, url, tokens[i % tokens.length]!).then(() => {}),
        );
        const api32 = await drive(32, SECONDS, (i) =>
          getJson(agent, port, url, tokens[i % tokens.length]!).then(() => {}),
        );
        const clients = await Promise.all(
          Array.from({ length: 32 }, async () => {
            const c = redis.duplicate();
            c.on('error', () => {});
            await c.connect();
            return c;
          }),
        );
        const redisOp = (c: typeof redis, i: number) =>
          what === 'my rank'
            ? c.zRevRank(key, ids[i % ids.length]!).then(() => {})
            : c.zRangeWithScores(key, 0, 99, { REV: true }).then(() => {});
        const r1 = await drive(1, SECONDS, (i) => redisOp(clients[0]!, i));
        const r32 = await Promise.all(clients.map((c) => drive(1, SECONDS, (i) => redisOp(c, i))));
        const merged = { p50: Math.max(...r32.map((r) => r.p50)), p99: Math.max(...r32.map((r) => r.p99)) };
        await Promise.all(clients.map((c) => c.quit()));
        results.push(
          `  ${`${what}, ${period === 'all' ? 'all time' : 'this week'}`.padEnd(35)} ${fmt(api1.p50)} / ${fmt(api1.p99)}   ${fmt(r1.p50)} / ${fmt(r1.p99)}   ${fmt(api32.p50)} / ${fmt(api32.p99)}   ${fmt(merged.p50)} / ${fmt(merged.p99)}   ${(api1.p99 / r1.p99).toFixed(1).padStart(5)} / ${(api32.p99 / merged.p99).toFixed(1)}  (aim ≤ 10)`,
        );
      }
    }

    // Freshness: a member completes a challenge; how long until the new points show through the API and the socket.
    const apiLag: number[] = [];
    const socketLag: number[] = [];
    for (let i = 0; i < COMPLETIONS; i++) {
      const token = tokens[i % tokens.length]!;
      const socket = connect(`http://127.0.0.1:${port}`, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        auth: { token },
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const before = (await getJson(
        agent,
        port,
        '/api/leaderboards/global?period=all&limit=1',
        token,
      )) as LeaderboardResponse;
      const want = (before.me?.points ?? 0) + 10;
      let seenAt = 0;
      socket.on('leaderboard:me', (p) => {
        if (!seenAt && p.me && p.me.points >= want) seenAt = performance.now();
      });
      await socket.timeout(5_000).emitWithAck('leaderboard:subscribe', { board: 'global', period: 'all', limit: 1 });
      const status = await postJson(port, `/api/challenges/${ch!.id}/completions`, token);
      const done = performance.now();
      if (status !== 201) throw new Error(`completion answered ${status}`);
      for (;;) {
        const now = (await getJson(
          agent,
          port,
          '/api/leaderboards/global?period=all&limit=1',
          token,
        )) as LeaderboardResponse;
        if ((now.me?.points ?? 0) >= want) break;
        if (performance.now() - done > 10_000) throw new Error('the API never showed the new points');
      }
      apiLag.push(performance.now() - done);
      while (!seenAt && performance.now() - done < 10_000) await new Promise((r) => setTimeout(r, 1));
      socketLag.push(seenAt ? Math.max(0, seenAt - done) : Infinity);
      socket.disconnect();
    }
    apiLag.sort((a, b) => a - b);
    socketLag.sort((a, b) => a - b);
    const rss = await rssMb(hub.pid!);
    results.push(
      `  freshness, ${COMPLETIONS} completions: 201 → new points via API p50 ${fmt(percentile(apiLag, 50))} ms, p99 ${fmt(percentile(apiLag, 99))} ms; via socket p50 ${fmt(percentile(socketLag, 50))} ms, p99 ${fmt(percentile(socketLag, 99))} ms (aim p99 ≤ 1000)`,
    );
    results.push(`  hub RSS ${rss.toFixed(0)} MB (aim ≤ 600)`);
    agent.destroy();
    await new Promise((r) => {
      hub!.once('exit', r);
      hub!.kill('SIGTERM');
    });
    hub = null;
  }

  console.log(
    `\nbench:leaderboard — ${MEMBERS.toLocaleString('en')} members, ${entries.toLocaleString('en')} ledger entries over 12 weeks (setup ${setupSeconds.toFixed(0)} s), ${SECONDS} s per measurement, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}, ${os.cpus().length} cores`,
  );
  for (const line of results) console.log(line);
  await redis.del([keys.all, keys.week]);
} finally {
  if (hub) hub.kill('SIGTERM');
  await redis.quit().catch(() => {});
  await db.cleanup();
}
