/** What the benchmarks share: tokens, sessions and a repeatable challenge in a bench database, and a completion load. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { sql, type Db } from '../../server/src/db/kit.js';
import { root } from '../../scripts/lib.mjs';

/**
 * An access token of a benchmark member, signed with the hub's JWT_SECRET. Its session (`sid`) is
 * the member's id: `benchSessions` inserts one refresh-token row per member with `family_id = id`.
 */
export function benchToken(secret: string, sub: string, ttlSeconds = 3600): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, sid: sub, iat: now, exp: now + ttlSeconds })}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** One live session per member (all of them, or those listed), named like the tokens `benchToken` signs. */
export async function benchSessions(db: Db, ids?: string[]): Promise<void> {
  const which = ids ? sql`where id = any(${`{${ids.join(',')}}`}::uuid[])` : sql``;
  await db.execute(sql`insert into refresh_tokens (member_id, family_id, token_hash, expires_at)
    select id, id, md5(id::text), now() + interval '1 day' from members ${which}`);
}

/** A published, auto-approved "confirm" challenge a member may complete `limit` times; its id. */
export async function benchChallenge(db: Db, opts: { limit: number; points: number }): Promise<string> {
  const [ch] = (
    await db.execute<{ id: string }>(sql`
      insert into challenges (title, status, repeat_mode, repeat_limit)
      values ('Bench: confirm', 'published', 'times', ${opts.limit}) returning id`)
  ).rows;
  await db.execute(
    sql`insert into challenge_stages (challenge_id, position, kind, title, points) values (${ch!.id}, 0, 'confirm', 'Go', ${opts.points})`,
  );
  return ch!.id;
}

/**
 * Rule badges like a real program's, each checked on every approved completion of `challengeId`:
 * the challenge done, 5 and 100 completions, a 4-week streak.
 */
export async function benchBadges(db: Db, challengeId: string): Promise<void> {
  const rules = [
    { type: 'challenge_done', challengeId },
    { type: 'completions_count', count: 5, stageKind: 'confirm' },
    { type: 'completions_count', count: 100 },
    { type: 'weekly_streak', weeks: 4 },
  ];
  for (const [i, rule] of rules.entries())
    await db.execute(
      sql`insert into badges (name, rule) values (${`Bench badge ${i + 1}`}, ${JSON.stringify(rule)}::jsonb)`,
    );
}

/** Completions as fast as `connections` keep-alive connections go, each by the next token, for `seconds`. */
export function completionLoad(base: string, challengeId: string, tokens: string[], connections: number) {
  let n = 0;
  return (seconds: number) =>
    autocannon({
      url: `${base}/api/challenges/${challengeId}/completions`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: autocannon.Request) => {
            const i = n++;
            return {
              ...req,
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens[i % tokens.length]}`,
                'idempotency-key': crypto.randomUUID(),
              },
              body: '{}',
            };
          },
        },
      ],
    });
}

/** The environment a benchmark starts the built hub with: its own port, database and secret, quiet logs, no demo data. */
export function hubEnv(port: number, databaseUrl: string, secret: string, extra: Record<string, string> = {}) {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: secret,
    DATA_DIR: os.tmpdir(),
    ...extra,
  };
}

/** What `benchProgram` made: published challenges (the last one repeatable), rewards (the first one cheap, with a large stock). */
export interface BenchProgram {
  challengeIds: string[];
  repeatableId: string;
  rewardIds: string[];
  cheapRewardId: string;
  entries: number;
}

/**
 * A realistic program around the members already in the database: four levels, `challenges`
 * published challenges of one to three stages (the last one auto-approved and repeatable
 * `repeatLimit` times), `rewards` published rewards (the first a 1-point donation with a stock of a
 * million, the rest of every type), and some ledger history: each member earned a few times over
 * the last 8 weeks, their balances and lifetimes set to match (so every member can afford the cheap reward).
 */
export async function benchProgram(
  db: Db,
  opts: { challenges?: number; rewards?: number; repeatLimit?: number } = {},
): Promise<BenchProgram> {
  const nChallenges = opts.challenges ?? 20;
  const nRewards = opts.rewards ?? 10;
  const levels = await db.execute<{ n: string }>(sql`select count(*) as n from levels`);
  if (Number(levels.rows[0]!.n) === 0)
    await db.execute(sql`insert into levels (name, rank, threshold) values
      ('Insider', 1, 0), ('Advocate', 2, 200), ('Champion', 3, 1000), ('Legend', 4, 5000)`);
  const challengeIds: string[] = [];
  for (let i = 1; i < nChallenges; i++) {
    const [c] = (
      await db.execute<{ id: string }>(sql`
        insert into challenges (title, description, category, status, repeat_mode, repeat_limit, featured, sort_order)
        values (${`Bench challenge ${i}`}, ${`Tell the world about us, step ${i}. **Markdown** body with a [link](https://example.com).`},
                ${['advocacy', 'learning', 'community', 'fun'][i % 4]!}, 'published', ${i % 3 === 0 ? 'daily' : 'once'}, 1,
                ${i % 7 === 0}, ${i})
        returning id`)
    ).rows;
    const stages = 1 + (i % 3);
    for (let s = 0; s < stages; s++)
      await db.execute(sql`insert into challenge_stages (challenge_id, position, kind, title, points, needs_review)
        values (${c!.id}, ${s}, 'confirm', ${`Step ${s + 1}`}, ${[5, 10, 25, 50][(i + s) % 4]!}, ${i % 5 === 0 && s === stages - 1})`);
    challengeIds.push(c!.id);
  }
  const repeatableId = await benchChallenge(db, { limit: opts.repeatLimit ?? 1000, points: 1 });
  challengeIds.push(repeatableId);

  const rewardIds: string[] = [];
  const types = ['donation', 'item', 'code', 'experience', 'custom'] as const;
  for (let i = 0; i < nRewards; i++) {
    const [w] = (
      await db.execute<{ id: string }>(sql`
        insert into rewards (name, type, description, cost, stock, needs_approval, status, sort_order)
        values (${i === 0 ? 'Bench: plant a tree' : `Bench reward ${i}`}, ${i === 0 ? 'donation' : types[i % types.length]!},
                'A reward for the bench', ${i === 0 ? 1 : 50 * i}, ${i === 0 ? 1_000_000 : i % 2 ? null : 100},
                ${i !== 0 && i % 3 === 0}, 'published', ${i})
        returning id`)
    ).rows;
    rewardIds.push(w!.id);
  }

  // Ledger history: 1–6 earnings per member over 8 weeks. The trigger's notifications are for live changes.
  await db.execute(sql`alter table point_entries disable trigger point_entries_leaderboard`);
  await db.execute(sql`
    insert into point_entries (member_id, delta, lifetime_delta, kind, source_type, reason, created_at)
    select id, pts, pts, 'earn', 'bench', 'Bench history', at from (
      select m.id, (array[10, 25, 50, 100, 200])[1 + floor(random() * 5)::int] as pts,
             now() - random() * interval '56 days' as at
      from members m
      cross join lateral generate_series(1, 1 + floor(6 * random() + 0 * ascii(m.id::text))::int) s) x`);
  await db.execute(sql`alter table point_entries enable trigger point_entries_leaderboard`);
  await db.execute(sql`
    update members m set balance = e.total, lifetime = e.total, lifetime_at = e.at
    from (select member_id, sum(lifetime_delta)::int as total, max(created_at) as at from point_entries group by member_id) e
    where e.member_id = m.id`);
  const entries = Number((await db.execute<{ n: string }>(sql`select count(*) as n from point_entries`)).rows[0]!.n);
  await db.execute(sql`analyze`);
  return { challengeIds, repeatableId, rewardIds, cheapRewardId: rewardIds[0]!, entries };
}

/** The bare baseline server of the read benches: Fastify and one PK read through a pg.Pool (`GET /member/:id`). */
export const PK_READ_SERVER = 'tests/bench/pk-read-server.mjs';

/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The read benches' database: migrated, `members` members with a session each, a realistic
 * program around them (`benchProgram`); the members' ids in random order.
 */
export async function seedProgramDatabase(
  url: string,
  members: number,
): Promise<{ program: BenchProgram; ids: string[] }> {
  const { createDatabase } = await import('../../server/src/db/kit.js');
  const { migrateDatabase } = await import('../../server/src/db/migrate.js');
  const { generateMembers } = await import('../../seeds/generate.js');
  const d = createDatabase(url, { warn: () => {} }, { statementTimeoutMs: 0 });
  try {
    await migrateDatabase(d.pool);
    await generateMembers(d.db, members);
    const program = await benchProgram(d.db);
    const ids = (await d.db.execute<{ id: string }>(sql`select id from members order by random()`)).rows.map(
      (r) => r.id,
    );
    await benchSessions(d.db);
    return { program, ids };
  } finally {
    await d.close();
  }
}

/** A server process of a bench (the hub or a baseline), its output but errors dropped. */
export function startServer(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
export async function stopServer(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

/** The pgbench binary (installed with Debian's postgresql-client when missing and allowed). */
export function pgbenchPath(): string {
  for (const p of [process.env.PGBENCH, '/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'])
    if (p && spawnSync(p, ['--version']).status === 0) return p;
  if (process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    spawnSync('apt-get', ['install', '-y', '-qq', 'postgresql-client'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (spawnSync('/usr/bin/pgbench', ['--version']).status === 0) return '/usr/bin/pgbench';
  }
  throw new Error('pgbench not found: install it (Debian: apt-get install postgresql-client) or set PGBENCH');
}
