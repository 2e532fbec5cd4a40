import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
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

/** Connects to DATABASE_URL or starts the embedded PostgreSQL, migrates, and seeds the demo program when asked. */
export async function openStorage(config: Config, log: Log): Promise<Storage> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, log);
    url = embedded.url;
    log.info(`embedded PostgreSQL running on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir})`);
  }
  const database = createDatabase(url, { warn: (o, m) => log.warn(`${m}: ${JSON.stringify(o)}`) }, config.db);
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
      await database.close().catch(() => {});
      await embedded?.stop();
    },
  };
}
