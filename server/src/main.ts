import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './app.js';
import { openStorage, resolveJwtSecret } from './boot.js';

async function main() {
  const t0 = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const say = (level: 'info' | 'warn', msg: string) =>
    process.stderr.write(JSON.stringify({ level, time: Date.now(), msg }) + '\n');
  const log = { info: (m: string) => say('info', m), warn: (m: string) => say('warn', m) };

  const storage = await openStorage(config, log);
  const app = await buildApp({
    config,
    database: storage.database,
    jwtSecret: await resolveJwtSecret(config),
    embedded: storage.embedded !== null,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      app.log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    const force = setTimeout(() => {
      app.log.error('shutdown took over 15 s: exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await app.close(); // stops accepting, lets requests in flight finish
      await storage.close(); // pool, then the embedded PostgreSQL
      app.log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `Advocate Hub ready at ${config.publicUrl} in ${Math.round(performance.now() - t0)} ms (database: ${storage.embedded ? 'embedded' : 'DATABASE_URL'})`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
