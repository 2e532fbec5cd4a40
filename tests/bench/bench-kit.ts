/** What the benchmarks share: tokens, sessions and a repeatable challenge in a bench database, and a completion load. */
import crypto from 'node:crypto';
import os from 'node:os';
import autocannon from 'autocannon';
import { sql, type Db } from '../../server/src/db/kit.js';

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
