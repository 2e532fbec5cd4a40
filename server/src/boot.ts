import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/client.js';
import { EmbeddedStartError, startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { membersRepo } from './modules/members/members.repo.js';
import { seedDemo } from '../../seeds/demo.js';

interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

/** JWT_SECRET, or one generated on first start and kept in DATA_DIR (mode 600). */
export async function resolveJwtSecret(config: Config): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  await fs.mkdir(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  await fs.writeFile(file, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await fs.readFile(file, 'utf8')).trim();
}

export interface Storage {
  database: Database;
  embedded: EmbeddedPostgres | null;
  seeded: boolean;
  close(): Promise<void>;
}

/** A start-up failure told in one line (the database cannot be reached, the port is taken …). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Where a database URL points, without its password: `host:port/database`. */
function whereIs(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Connection failures that mean "not up yet" (still starting, or not listening yet): worth waiting for. */
function notUpYet(err: unknown): string | null {
  const e = err as { code?: string; message?: string };
  if (
    e.code &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P03'].includes(e.code)
  )
    return e.code === '57P03' ? 'the database system is starting up' : e.code;
  if (/timeout|Connection terminated/i.test(e.message ?? '')) return e.message ?? 'timeout';
  return null;
}

/**
 * Waits until the database at `url` accepts a connection, for at most `timeoutMs` (a database
 * started next to the hub, as in a compose file, may take a while). Other errors (a wrong password,
 * a missing database) fail at once.
 */
export async function waitForDatabase(url: string, timeoutMs: number, log: Log): Promise<void> {
  const t0 = Date.now();
  let told = false;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end().catch(() => {});
      if (told) log.info(`database at ${whereIs(url)} is up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return;
    } catch (err) {
      await client.end().catch(() => {});
      const reason = notUpYet(err);
      const where = whereIs(url);
      if (!reason) {
        const e = err as { code?: string; message?: string };
        throw new StartupError(
          `the database at ${where} refused the connection: ${e.message}${e.code ? ` (${e.code})` : ''}`,
        );
      }
      if (Date.now() - t0 >= timeoutMs) {
        throw new StartupError(
          `the database at ${where} is not reachable (${reason})${timeoutMs ? ` after waiting ${Math.round(timeoutMs / 1000)} s` : ''}; check DATABASE_URL, or raise DB_WAIT_TIMEOUT_MS`,
        );
      }
      if (!told) {
        log.warn(
          `database at ${where} is not up yet (${reason}); waiting up to ${Math.round(timeoutMs / 1000)} s (DB_WAIT_TIMEOUT_MS)`,
        );
        told = true;
      }
      await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(0, timeoutMs - (Date.now() - t0)))));
    }
  }
}

/** One line for a failed start: what went wrong and what to do, never a stack trace. */
export function describeStartFailure(err: unknown, config: Pick<Config, 'port' | 'host'>): string {
  const e = err as { code?: string; message?: string; syscall?: string };
  if (err instanceof StartupError || err instanceof EmbeddedStartError) return `Cannot start: ${e.message}`;
  if (e.code === 'EADDRINUSE')
    return `Cannot start: port ${config.port} on ${config.host} is already in use; stop what uses it or set PORT to a free port`;
  if (e.code === 'EACCES' && e.syscall === 'listen')
    return `Cannot start: no permission to listen on port ${config.port}; use a port above 1023 or set PORT`;
  if (e.code === 'EADDRNOTAVAIL') return `Cannot start: HOST ${config.host} is not an address of this machine`;
  const sqlState = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? ` (SQLSTATE ${e.code})` : '';
  const message = (e.message ?? String(err)).split('\n')[0];
  return `Cannot start: ${message}${sqlState}`;
}

/** Connects to DATABASE_URL or starts the embedded PostgreSQL, migrates, and seeds the demo program when asked. */
export async function openStorage(config: Config, log: Log): Promise<Storage> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    url = embedded.url;
    log.info(`embedded PostgreSQL running on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
  } else {
    await waitForDatabase(url, config.db.waitTimeoutMs, log);
  }
  // Connections that end while the hub closes them are no news: only errors before that are told.
  let closing = false;
  const database = createDatabase(
    url,
    {
      warn: (o, m) => {
        if (!closing) log.warn(`${m}: ${(o as { err?: { message?: string } }).err?.message ?? ''}`);
      },
    },
    config.db,
  );
  let seeded = false;
  try {
    await migrateDatabase(database.pool, async () => {
      if (config.seedDemo === false) return;
      if (config.seedDemo === true || (await membersRepo.count(database.db)) === 0) {
        const result = await seedDemo(database.db, config.programTimezone);
        seeded = true;
        log.info(`seeded the demo program (${result.members} members, ${result.challenges} challenges)`);
      }
    });
  } catch (err) {
    await database.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw err;
  }
  return {
    database,
    embedded,
    seeded,
    async close() {
      closing = true;
      await database.close().catch(() => {});
      await embedded?.stop();
    },
  };
}
