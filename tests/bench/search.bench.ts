/**
 * Community search over a large community: 100,000 posts (5,000 threads in the 7 categories, 2,000
 * authors, words drawn from a Zipf-like vocabulary so some terms match tens of thousands of posts and
 * others a handful). Measures `GET /api/community/search` through the built hub (ranked, with
 * highlighted snippets, visibility applied) with a mix of queries, next to the bare baseline of the
 * same full-text query (`websearch_to_tsquery`, ranked top 20) run straight through `pg`, in the same
 * run. Prints p50/p99 per query kind and the ratio. `pnpm bench:search` (POSTS=… to change the size).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { freshDatabase } from './fresh-db.js';
import { benchSessions, benchToken } from './bench-kit.js';
import { createDatabase, sql } from '../../server/src/db/kit.js';
import { migrateDatabase } from '../../server/src/db/migrate.js';
import { generateMembers } from '../../seeds/generate.js';
import { freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const POSTS = Number(process.env.POSTS ?? 100_000);
const THREADS = Math.max(1, Math.round(POSTS / 20));
const AUTHORS = 2000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

// A vocabulary: product words that come up everywhere, then made-up words ever rarer.
const COMMON = `dashboard pipeline schedule query model team data report metric export access user table chart
  warehouse source refresh filter alert permission cost performance join migration lineage governance quality
  forecast customer revenue retention onboarding integration api webhook connector latency storage backup`.split(/\s+/);
const SYLLABLES =
  'ka lo mi ne ru sa te vo zu bri cla dro fen gli hor jas kel mun nor pex quo ris sul tor vex wyn'.split(' ');
const RARE: string[] = [];
for (let i = 0; RARE.length < 6000; i++) {
  const a = SYLLABLES[i % SYLLABLES.length]!;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
  const c = SYLLABLES[Math.floor(i / SYLLABLES.length ** 2) % SYLLABLES.length]!;
  RARE.push(`${a}${b}${c}${i}`);
}
function word(): string {
  // A quarter of the words are product words (each in about a fifth of the posts); the rest follow
  // a Zipf-like curve (index ~ N^(u^2)) over the made-up words, from common to one-off.
  if (Math.random() < 0.25) return COMMON[Math.floor(Math.random() * COMMON.length)]!;
  const i = Math.floor(Math.pow(RARE.length, Math.pow(Math.random(), 2))) - 1;
  return RARE[Math.max(0, Math.min(RARE.length - 1, i))]!;
}
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

async function fill(url: string) {
  const d = createDatabase(url, { warn: () => {} }, { statementTimeoutMs: 0 });
  await migrateDatabase(d.pool);
  await generateMembers(d.db, AUTHORS);
  const authors = (await d.db.execute<{ id: string }>(sql`select id from members order by created_at`)).rows.map(
    (r) => r.id,
  );
  const cats = (
    await d.db.execute<{ id: string }>(sql`select id from community_categories order by position`)
  ).rows.map((r) => r.id);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const threadIds: string[] = [];
  for (let from = 0; from < THREADS; from += 2000) {
    const n = Math.min(2000, THREADS - from);
    const res = await client.query<{ id: string }>(
      `insert into community_threads (category_id, author_id, title)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[]) returning id`,
      [
        Array.from({ length: n }, (_, i) => cats[(from + i) % cats.length]),
        Array.from({ length: n }, (_, i) => authors[(from + i) % authors.length]),
        Array.from({ length: n }, () => sentence(4 + Math.floor(Math.random() * 6))),
      ],
    );
    threadIds.push(...res.rows.map((r) => r.id));
  }
  for (let from = 0; from < POSTS; from += 5000) {
    const n = Math.min(5000, POSTS - from);
    const bodies = Array.from({ length: n }, () => sentence(20 + Math.floor(Math.random() * 60)));
    await client.query(
      `insert into community_posts (thread_id, author_id, body, body_hash, first)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bool[])`,
      [
        Array.from({ length: n }, (_, i) => threadIds[(from + i) % threadIds.length]),
        Array.from({ length: n }, () => authors[Math.floor(Math.random() * authors.length)]),
        bodies,
        bodies.map((b) => crypto.createHash('md5').update(b).digest('hex')),
        Array.from({ length: n }, (_, i) => from + i < threadIds.length),
      ],
    );
  }
  await client.query(`update community_threads t set reply_count = s.n - 1, last_post_seq = s.seq, last_post_at = now()
    from (select thread_id, count(*)::int as n, max(seq) as seq from community_posts group by thread_id) s where s.thread_id = t.id`);
  await client.query('vacuum analyze');
  const counts = await client.query<{ term: string; n: number }>(
    `select t.term, (select count(*)::int from community_posts where search @@ websearch_to_tsquery('english', t.term)) as n
     from unnest($1::text[]) t(term)`,
    [QUERIES.map((q) => q.q)],
  );
  await client.end();
  await d.close();
  return { authors, matches: new Map(counts.rows.map((r) => [r.term, r.n])) };
}

/** Queries of each kind: a very common word, a common two-word query, a phrase, a rare word, a miss. */
const QUERIES = [
  { kind: 'common word', q: 'dashboard' },
  { kind: 'two common words', q: 'pipeline schedule' },
  { kind: 'phrase', q: '"data report"' },
  { kind: 'or + exclusion', q: 'lineage or governance -cost' },
  { kind: 'rare word', q: RARE[4000]! },
  { kind: 'no match', q: 'zzyzxnotaword' },
];

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

/** The bare baseline: the same ranked full-text query through pg, `CONNECTIONS` at a time. */
async function bareQuery(url: string, q: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        await pool.query(
          `select p.id, ts_rank(p.search, q) as rank from community_posts p, websearch_to_tsquery('english', $1) q
           where p.search @@ q order by rank desc limit 20`,
          [q],
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds };
}

const db = await freshDatabase();
const port = await freePort();
let hub: ChildProcess | null = null;
try {
  const t0 = performance.now();
  const { authors, matches } = await fill(db.url);
  console.log(`filled ${POSTS} posts in ${THREADS} threads in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const secret = crypto.randomBytes(32).toString('hex');
  const d = createDatabase(db.url, { warn: () => {} });
  await benchSessions(d.db, authors.slice(0, 64));
  await d.close();
  const tokens = authors.slice(0, 64).map((id) => benchToken(secret, id));
  hub = start([path.join(root, 'server/dist/main.js')], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: secret,
    DATA_DIR: os.tmpdir(),
  });
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 60_000, hub);

  console.log(
    `\nsearch bench: ${POSTS} posts, ${CONNECTIONS} connections, ${SECONDS}s per query, database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}`,
  );
  console.log(
    `${'query'.padEnd(36)} ${'matches'.padStart(8)}   ${'hub p50'.padStart(8)} ${'hub p99'.padStart(8)} ${'req/s'.padStart(7)}   ${'bare p50'.padStart(8)} ${'bare p99'.padStart(8)}   p99 ratio hub/bare`,
  );
  let worst = 0;
  let errors = 0;
  for (const { kind, q } of QUERIES) {
    let i = 0;
    const url = `http://127.0.0.1:${port}/api/community/search?q=${encodeURIComponent(q)}&limit=20`;
    const run = (seconds: number) =>
      autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        setupClient: (client: { setHeaders(h: Record<string, string>): void }) =>
          client.setHeaders({ authorization: `Bearer ${tokens[i++ % tokens.length]}` }),
      });
    await run(1); // warm-up
    const r = await run(SECONDS);
    const bare = await bareQuery(db.url, q, Math.max(2, Math.round(SECONDS / 2)));
    errors += r.errors + r.non2xx;
    worst = Math.max(worst, r.latency.p99);
    console.log(
      `${`${kind}: ${q}`.slice(0, 36).padEnd(36)} ${String(matches.get(q) ?? '?').padStart(8)}   ${`${r.latency.p50} ms`.padStart(8)} ${`${r.latency.p99} ms`.padStart(8)} ${r.requests.average.toFixed(0).padStart(7)}   ${`${bare.p50.toFixed(1)} ms`.padStart(8)} ${`${bare.p99.toFixed(1)} ms`.padStart(8)}   ${(r.latency.p99 / Math.max(1, bare.p99)).toFixed(2)}`,
    );
  }
  console.log(`worst hub p99: ${worst} ms (aim ≤ 50 ms); errors ${errors}`);
  if (errors > 0) process.exitCode = 1;
} finally {
  if (hub) await stop(hub);
  if (process.env.BENCH_KEEP_DB) console.log(`kept ${db.url}`);
  else await db.cleanup();
}
