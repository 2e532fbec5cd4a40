import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = NodePgDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What repos accept: the database or an open transaction. */
export type Executor = Db | Tx;

interface Log {
  warn(obj: object, msg: string): void;
}

export interface Database {
  pool: pg.Pool;
  db: Db;
  /** Whether writes failed lately (see WriteHealth). */
  writes: WriteHealth;
  close(): Promise<void>;
}

/** The app pool's limits; see DatabaseLimits in config.ts (DB_STATEMENT_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS). */
export interface DatabaseOptions {
  max?: number;
  /** PostgreSQL's statement_timeout for every query of the pool (0: none). */
  statementTimeoutMs?: number;
  /** Time to open a connection, or to wait for a free one when all are busy. */
  connectTimeoutMs?: number;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The session limits derived from the statement timeout: the client gives up one second after the
 * server should have (a frozen or unreachable server never answers at all), and a transaction left
 * idle by a bug is ended after six statement timeouts (30 s by default) instead of holding its locks.
 */
export function sessionLimits(statementTimeoutMs: number) {
  if (statementTimeoutMs <= 0) return {};
  return {
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: statementTimeoutMs * 6,
  };
}

const READ_TIMEOUT = 'Query read timeout';

/**
 * A pg client that drops its connection when a query outlives `query_timeout`. node-postgres fails
 * the query but keeps the connection waiting for the answer, so the ROLLBACK that follows (and every
 * later user of that pooled client) would wait a whole timeout again behind it. A dropped connection
 * fails them at once, and the pool opens a fresh one.
 */
class BoundedClient extends pg.Client {
  /** Set once a query timed out: the connection is being dropped, and the query pg still waits on is gone. */
  private dropped = false;

  private dropIfTimedOut(err: unknown) {
    if (err instanceof Error && err.message === READ_TIMEOUT) {
      this.dropped = true;
      (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query()
  override query(...args: any[]): any {
    const last = args.length - 1;
    // A dropped connection answers at once (the ROLLBACK after a timed-out query, say), instead of
    // queueing behind a query that will never answer (and running two queries at once on one client).
    if (this.dropped) {
      const err = new Error('Connection terminated after a query timeout');
      if (typeof args[last] === 'function') return void (args[last] as (e: unknown) => void)(err);
      return Promise.reject(err);
    }
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => {
        this.dropIfTimedOut(err);
        callback(err, res);
      };
      return Reflect.apply(super.query, this, args);
    }
    const result = Reflect.apply(super.query, this, args) as unknown;
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        this.dropIfTimedOut(err);
        throw err;
      });
    }
    return result;
  }
}

/**
 * A pg pool that survives a PostgreSQL restart: node-postgres only guards idle clients, so every
 * client also gets its own `error` listener (node-postgres #2635). Queries in flight fail and the
 * error handler turns them into 503; the next checkout opens a fresh connection. Every query is
 * bounded in time (statement_timeout on the server, query_timeout on the client), and so are
 * opening a connection and waiting for a free one.
 */
export function createDatabase(url: string, log: Log, opts: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    application_name: 'advocate-hub',
    ...sessionLimits(opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
    Client: BoundedClient,
  });
  pool.on('error', (err) => log.warn({ err: { message: err.message } }, 'idle database client failed'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: { message: err.message } }, 'database client failed'));
  });
  const db = drizzle({ client: pool, schema });
  let closed = false;
  return {
    pool,
    db,
    writes: new WriteHealth(),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

const UNAVAILABLE_CODES = new Set([
  ...['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300'],
  '53200', // out_of_memory
  '53400', // configuration_limit_exceeded
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
  '40P01', // deadlock_detected: this transaction was the victim, a retry succeeds
  '40001', // serialization_failure: likewise
]);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Connection ended unexpectedly/i;
/** The database answers but cannot write: disk full (53100, 53000), I/O error (58030), read-only (25006). */
const WRITES_UNAVAILABLE_CODES = new Set(['53000', '53100', '58030', '25006']);

/** The error and the causes it wraps (drizzle wraps the driver's error). */
function* causes(err: unknown): Generator<{ code?: string; message?: string }> {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: string; message?: string; cause?: unknown };
    yield x;
    e = x.cause;
  }
}

/** True when an error means "the database is not reachable, or did not answer in time" rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const x of causes(err)) {
    if (x.code && (UNAVAILABLE_CODES.has(x.code) || UNAVAILABLE_ERRNO.has(x.code))) return true;
    if (UNAVAILABLE_MESSAGE.test(x.message ?? '')) return true;
  }
  return false;
}

/** True when the database refused a write for lack of disk space, or because it is read-only. */
export function isWritesUnavailable(err: unknown): boolean {
  for (const x of causes(err)) if (x.code && WRITES_UNAVAILABLE_CODES.has(x.code)) return true;
  return false;
}

/**
 * Remembers that writes failed (disk full, read-only), so that /api/health can say so: a full disk
 * shows only when something tries to write. The mark lasts `windowMs`, or until a write succeeds.
 */
export class WriteHealth {
  private failedAt: number | null = null;
  constructor(
    private readonly windowMs = 30_000,
    private readonly now = () => Date.now(),
  ) {}
  failed() {
    this.failedAt = this.now();
  }
  succeeded() {
    this.failedAt = null;
  }
  get failing(): boolean {
    return this.failedAt !== null && this.now() - this.failedAt < this.windowMs;
  }
}

/** True when the database aborted the transaction to break a deadlock or a serialization conflict. */
export function isConflictAbort(err: unknown): boolean {
  for (const x of causes(err)) if (x.code === '40P01' || x.code === '40001') return true;
  return false;
}

/**
 * Runs a transaction again when PostgreSQL chose it as a deadlock (or serialization) victim: the
 * other transaction went through, and this one, run again, sees what it did.
 */
export async function retryConflicts<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !isConflictAbort(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * i));
    }
  }
}

/**
 * A short name for the database this hub runs on (its server address, port and name), the same on
 * every node of one hub: shared services such as Redis keep each hub's traffic apart by it.
 */
export async function databaseIdentity(db: Db): Promise<string> {
  const { rows } = await db.execute<{ id: string }>(
    sql`select coalesce(host(inet_server_addr()), 'local') || ':' || coalesce(inet_server_port(), 0) || '/' || current_database() as id`,
  );
  return createHash('sha256').update(rows[0]!.id).digest('hex').slice(0, 16);
}
