import crypto from 'node:crypto';
import net from 'node:net';
import { inject } from 'vitest';
import { buildApp, type BuildOptions } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createDatabase, type Database } from '../../server/src/db/client.js';
import {
  hashPassword,
  memberRoles,
  members,
  sql,
  type FastifyInjectOptions,
  type FastifyInstance,
  type LightMyRequestResponse,
} from '../../server/src/db/kit.js';
import type { Role } from '@advocate-hub/shared';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
export const PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The real app against this run's database, through app.inject. */
export async function createTestApp(
  overrides: Partial<BuildOptions> = {},
  env: Record<string, string> = {},
): Promise<TestApp> {
  const config = loadConfig({
    PUBLIC_URL: 'http://hub.test',
    DATA_DIR: '/tmp/ah-unused',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const database =
    overrides.database ?? createDatabase(inject('databaseUrl'), { warn: () => {} }, { max: 30, ...config.db });
  const app = await buildApp({
    config,
    database,
    jwtSecret: TEST_JWT_SECRET,
    webDist: false,
    logger: false,
    ...overrides,
    // Retries at once: a test waits for a retried delivery with `app.outbox.drain()`.
    outbox: { retryDelaySeconds: 0, retryBackoff: false, ...overrides.outbox },
    // No weekly schedule in tests (the digest is sent on demand); a failed send is retried within a second.
    email: { digestCron: null, retryDelaySeconds: 1, retryBackoff: false, ...overrides.email },
  });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let hashed: Promise<string> | null = null;
function passwordHash() {
  hashed ??= hashPassword(PASSWORD);
  return hashed;
}

export function uniqueEmail(prefix = 'member'): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}@test.example`;
}

export interface MemberFactory {
  roles?: Role[];
  status?: 'invited' | 'active' | 'suspended';
  email?: string;
  name?: string;
  company?: string;
  trusted?: boolean;
}

/** Inserts a member directly (password PASSWORD). */
export async function createMember(database: Database, f: MemberFactory = {}) {
  const email = f.email ?? uniqueEmail(f.roles?.[0] ?? 'advocate');
  const [row] = await database.db
    .insert(members)
    .values({
      email,
      name: f.name ?? 'Test Member',
      company: f.company ?? null,
      passwordHash: f.status === 'invited' ? null : await passwordHash(),
      status: f.status ?? 'active',
      trusted: f.trusted ?? true,
      joinedAt: sql`now()`,
    })
    .returning();
  const roles = f.roles ?? ['advocate'];
  await database.db.insert(memberRoles).values(roles.map((role) => ({ memberId: row!.id, role })));
  return { ...row!, roles, password: PASSWORD };
}

/** Parses Set-Cookie headers into a jar { name: value }. */
export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const c of res.cookies) jar[c.name] = c.value;
  return jar;
}

export function cookieHeader(jar: Record<string, string>): string {
  return Object.entries(jar)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

/** Signs in through the API and returns the cookie jar. */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return cookiesOf(res);
}

export interface InjectOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** A signed-in admin, advocate … : the member plus a ready `inject` that sends its cookies. */
export async function signedIn(t: TestApp, f: MemberFactory = {}) {
  const member = await createMember(t.database, f);
  const jar = await login(t.app, member.email);
  const as = (opts: InjectOptions): Promise<LightMyRequestResponse> =>
    t.app.inject({ ...opts, headers: { ...opts.headers, cookie: cookieHeader(jar) } } as FastifyInjectOptions);
  return { member, jar, as };
}

export function base64url(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

/** Builds an HS256 JWT with any header/payload/secret, to forge refused tokens. */
export function forgeJwt(
  payload: Record<string, unknown>,
  opts: { secret?: string; alg?: string; header?: Record<string, unknown> } = {},
) {
  const header = { alg: opts.alg ?? 'HS256', typ: 'JWT', ...opts.header };
  const body = `${base64url(header)}.${base64url(payload)}`;
  if (header.alg === 'none') return `${body}.`;
  const sig = crypto
    .createHmac('sha256', opts.secret ?? TEST_JWT_SECRET)
    .update(body)
    .digest('base64url');
  return `${body}.${sig}`;
}

/** A brand-new, migrated database on the same server, for tests that need the whole database to themselves. */
export async function isolatedDatabase(): Promise<{ url: string; database: Database; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const { migrateDatabase } = await import('../../server/src/db/migrate.js');
  const base = new URL(inject('databaseUrl'));
  const name = `ah_iso_${crypto.randomBytes(5).toString('hex')}`;
  const adminUrl = new URL(base);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = createDatabase(url.toString(), { warn: () => {} }, { max: 20 });
  await migrateDatabase(database.pool);
  return {
    url: url.toString(),
    database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

type Signed = Awaited<ReturnType<typeof signedIn>>;

/** Creates (and by default publishes) a challenge through the admin API. */
export async function makeChallenge(admin: Signed, body: Record<string, unknown> = {}) {
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/challenges',
    payload: {
      title: `Challenge ${crypto.randomBytes(3).toString('hex')}`,
      stages: [{ kind: 'confirm', title: 'Confirm you did it', points: 50 }],
      status: 'published',
      ...body,
    },
  });
  if (res.statusCode !== 201) throw new Error(`challenge create failed: ${res.statusCode} ${res.body}`);
  return res.json().challenge as {
    id: string;
    stages: { id: string; kind: string; points: number; config: Record<string, unknown> }[];
  };
}

/** Creates a reward through the admin API (published, 100 points, unlimited stock unless told). */
export async function makeReward(admin: Signed, body: Record<string, unknown> = {}) {
  const res = await admin.as({
    method: 'POST',
    url: '/api/admin/rewards',
    payload: {
      name: `Reward ${crypto.randomBytes(3).toString('hex')}`,
      type: 'experience',
      cost: 100,
      stock: null,
      status: 'published',
      ...body,
    },
  });
  if (res.statusCode !== 201) throw new Error(`reward create failed: ${res.statusCode} ${res.body}`);
  return res.json().reward as { id: string; name: string; stock: number | null };
}

export function complete(
  member: Signed,
  challengeId: string,
  body: Record<string, unknown> = {},
  key: string | null = crypto.randomUUID(),
) {
  return member.as({
    method: 'POST',
    url: `/api/challenges/${challengeId}/completions`,
    payload: body,
    headers: key ? { 'idempotency-key': key } : {},
  });
}

/** Invariant 1 for every member of a database: Σ delta = balance, Σ lifetime_delta = lifetime, never negative. */
export async function ledgerMismatches(database: Database) {
  const r = await database.db.execute<{ id: string; balance: number; lifetime: number; d: number; l: number }>(sql`
    select m.id, m.balance, m.lifetime, coalesce(sum(p.delta), 0)::int as d, coalesce(sum(p.lifetime_delta), 0)::int as l
    from members m left join point_entries p on p.member_id = m.id
    group by m.id having m.balance <> coalesce(sum(p.delta), 0) or m.lifetime <> coalesce(sum(p.lifetime_delta), 0) or m.balance < 0 or m.lifetime < 0`);
  return r.rows;
}

const dropped = () =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

/**
 * PostgreSQL going away right after a commit: once armed, the first COMMIT that succeeds on this
 * database's pool makes every later query through the pool fail as a dropped connection does
 * (57P01), until `restore()`. Other apps' pools are not touched.
 */
export function outageAfterCommit(database: Database) {
  type Query = (...args: unknown[]) => unknown;
  const pool = database.pool as unknown as { query: Query; connect: Query };
  let armed = false;
  let down = false;
  const query = pool.query.bind(pool);
  const connect = pool.connect.bind(pool);
  const patched = new WeakSet<object>();
  const fail = (args: unknown[]) => {
    const cb = args.at(-1);
    if (typeof cb === 'function') return void cb(dropped());
    return Promise.reject(dropped());
  };
  pool.query = (...args) => (down ? fail(args) : query(...args));
  pool.connect = (...args) => {
    if (typeof args[0] === 'function') return connect(...args);
    if (down) return Promise.reject(dropped());
    return (connect() as Promise<{ query: Query }>).then((client) => {
      if (patched.has(client)) return client;
      patched.add(client);
      const q = client.query.bind(client);
      client.query = (...qargs) => {
        if (down) return fail(qargs);
        const r = q(...qargs);
        const first = qargs[0] as string | { text?: string } | undefined;
        const text = typeof first === 'string' ? first : (first?.text ?? '');
        if (armed && r instanceof Promise && /^\s*commit\b/i.test(text))
          r.then(
            () => {
              if (armed) [armed, down] = [false, true];
            },
            () => {},
          );
        return r;
      };
      return client;
    });
  };
  return {
    arm() {
      armed = true;
    },
    restore() {
      armed = false;
      down = false;
    },
  };
}

/**
 * A TCP proxy in front of this run's PostgreSQL that a test can freeze (bytes stop flowing both
 * ways, connections stay open: a PostgreSQL stopped with SIGSTOP, or a dead network path) and thaw.
 * `listen()` may be called late, to play a database that is not up yet.
 */
export function databaseProxy() {
  const target = new URL(inject('databaseUrl'));
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    for (const [from, to] of [pair, [upstream, client] as const]) {
      from.on('data', (chunk) => {
        if (frozen) {
          from.pause();
          from.unshift(chunk);
          return;
        }
        to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        to.destroy();
        pairs.delete(pair);
      });
    }
    if (frozen) pair.forEach((s) => s.pause());
  });
  let port = 0;
  return {
    async listen(at = 0) {
      await new Promise<void>((resolve) => server.listen(at, '127.0.0.1', resolve));
      port = (server.address() as net.AddressInfo).port;
      return port;
    },
    /** The database URL through the proxy. */
    url(at = port) {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(at);
      return u.toString();
    },
    freeze() {
      frozen = true;
      for (const pair of pairs) pair.forEach((s) => s.pause());
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) pair.forEach((s) => s.resume());
    },
    async close() {
      for (const pair of pairs) pair.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}
