import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './app.js';
import { describeStartFailure, openStorage, resolveJwtSecret, type Storage } from './boot.js';

/** A second signal this soon after the first is the same Ctrl-C, passed on by a parent (pnpm, npm). */
const SAME_SIGNAL_MS = 2_000;

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

  // Every failure on the way up stops what was already started (the embedded PostgreSQL above all)
  // and is told in one line.
  let storage: Storage | undefined;
  let app: FastifyInstance | undefined;
  // A Ctrl-C while starting: exit at once; the embedded PostgreSQL gets its stop signal on exit.
  const interruptStart = (signal: string) => {
    log.warn(`${signal} while starting: stopped`);
    process.exit(1);
  };
  process.on('SIGINT', interruptStart);
  process.on('SIGTERM', interruptStart);
  try {
    storage = await openStorage(config, log);
    app = await buildApp({
      config,
      database: storage.database,
      jwtSecret: await resolveJwtSecret(config),
      embedded: storage.embedded !== null,
    });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app?.close().catch(() => {});
    await storage?.close().catch(() => {});
    console.error(describeStartFailure(err, config));
    if (['debug', 'trace'].includes(config.logLevel) && err instanceof Error) console.error(err.stack);
    process.exit(1);
  }
  const running = { app, storage };
  process.off('SIGINT', interruptStart);
  process.off('SIGTERM', interruptStart);

  let stoppingSince = 0;
  const shutdown = async (signal: string) => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < SAME_SIGNAL_MS) return;
      running.app.log.warn(`${signal} again: exiting now`);
      process.exit(1); // the embedded PostgreSQL still gets its stop signal on exit
    }
    stoppingSince = Date.now();
    const force = setTimeout(() => {
      running.app.log.error('shutdown took over 15 s: exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await running.app.close(); // stops accepting, lets requests in flight finish
      await running.storage.close(); // pool, then the embedded PostgreSQL
      running.app.log.info(`${signal}: stopped cleanly in ${Date.now() - stoppingSince} ms`);
      process.exit(0);
    } catch (err) {
      running.app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  running.app.log.info(
    `Advocate Hub ready at ${config.publicUrl} in ${Math.round(performance.now() - t0)} ms (database: ${running.storage.embedded ? 'embedded' : 'DATABASE_URL'})`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
