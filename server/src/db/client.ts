import pg from 'pg';
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
  close(): Promise<void>;
}

/**
 * A pg pool that survives a PostgreSQL restart: node-postgres only guards idle clients, so every
 * client also gets its own `error` listener (node-postgres #2635). Queries in flight fail and the
 * error handler turns them into 503; the next checkout opens a fresh connection.
 */
export function createDatabase(url: string, log: Log, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 20,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'advocate-hub',
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
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an error means "the database is not reachable right now" rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: string; message?: string; cause?: unknown };
    if (x.code && (UNAVAILABLE_CODES.has(x.code) || UNAVAILABLE_ERRNO.has(x.code))) return true;
    const m = x.message ?? '';
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Connection ended unexpectedly/i.test(
        m,
      )
    )
      return true;
    e = x.cause;
  }
  return false;
}
