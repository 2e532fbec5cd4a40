import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

/** Arbitrary constant: the advisory lock that serialises migrations and seeding across nodes. */
export const MIGRATION_LOCK = 727_001;

/** Finds the committed migrations folder both from source (server/src/db) and from the bundle (server/dist). */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.resolve(here, '../../../migrations'),
    path.resolve(here, '../../migrations'),
    path.resolve(process.cwd(), 'migrations'),
  ];
  const found = candidates.find((c) => existsSync(path.join(c, 'meta', '_journal.json')));
  if (!found) throw new Error(`migrations folder not found (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * Applies pending migrations under an advisory lock (several nodes may start at once), then runs
 * `andThen` (seeding) while still holding the lock. The migrations get a connection of their own
 * without the app's statement and query timeouts: waiting for another node's lock, or rebuilding an
 * index on a big table, may rightly take longer than any request should.
 */
export async function migrateDatabase(pool: pg.Pool, andThen?: () => Promise<void>): Promise<void> {
  const client = new pg.Client({
    ...pool.options,
    statement_timeout: 0,
    query_timeout: 0,
    lock_timeout: 0,
    idle_in_transaction_session_timeout: 0,
  });
  client.on('error', () => {}); // a dropped connection fails the query in flight, which throws here
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder() });
      if (andThen) await andThen();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await client.end().catch(() => {});
  }
}
