import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStorage } from '../../server/src/boot.js';
import { loadConfig } from '../../server/src/config.js';
import { isPostmasterOf } from '../../server/src/db/embedded.js';
import { databaseProxy } from './helpers.js';

// The hub started like a user starts it (node on server/src/main.ts, no DATABASE_URL: the embedded
// PostgreSQL), stopped like a terminal stops it, and started where it cannot start.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Hub {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
}

/** Starts the hub in a process group of its own, as a terminal runs a foreground command. */
function startHub(env: Record<string, string>): Hub {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'SEED_DEMO'].includes(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...clean, HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_DEMO: 'false', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal!)),
  );
  return { child, output: () => out, exited };
}

async function healthy(port: number, hub: Hub, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && hub.child.exitCode === null) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`hub not healthy:\n${hub.output()}`);
}

/** PostgreSQL servers running on this data directory. */
function postgresOf(dataDir: string): number[] {
  const cluster = path.join(dataDir, 'pg');
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return isPostmasterOf(readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean), cluster);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
/** Lines that are not JSON log records: what a person reads as the hub's own words. */
const plainLines = (text: string) => lines(text).filter((l) => !l.startsWith('{'));

describe('starting and stopping the hub with the embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-start-'));
  });
  afterAll(async () => {
    for (const pid of postgresOf(dataDir)) process.kill(pid, 'SIGQUIT');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('Ctrl-C (SIGINT to the whole process group, passed on once more by pnpm) stops it with one line and exit code 0, leaving no PostgreSQL', async () => {
    const port = await freePort();
    const hub = startHub({ DATA_DIR: dataDir, PORT: String(port) });
    await healthy(port, hub, 120_000);
    expect(postgresOf(dataDir)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500)); // the health request's own log line
    const before = hub.output().length;
    process.kill(-hub.child.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 50));
    process.kill(-hub.child.pid!, 'SIGINT');
    expect(await hub.exited).toBe(0);
    const after = lines(hub.output().slice(before));
    expect(after, after.join('\n')).toHaveLength(1);
    expect(after[0]).toMatch(/SIGINT: stopped cleanly/);
    expect(postgresOf(dataDir)).toEqual([]);
  }, 180_000);

  it('a start on a busy port fails with one line, exits non-zero and leaves no PostgreSQL running', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const hub = startHub({ DATA_DIR: dataDir, PORT: String(port) });
      expect(await hub.exited).toBe(1);
      const out = hub.output();
      expect(plainLines(out), out).toEqual([
        `Cannot start: port ${port} on 127.0.0.1 is already in use; stop what uses it or set PORT to a free port`,
      ]);
      expect(out).not.toMatch(/^\s+at /m);
      expect(postgresOf(dataDir)).toEqual([]);
    } finally {
      busy.close();
    }
  }, 120_000);
});

describe('starting on a DATABASE_URL', () => {
  const serverUrl = (database: string, port?: number) => {
    const u = new URL(inject('databaseUrl'));
    u.pathname = `/${database}`;
    if (port) u.port = String(port);
    return u.toString();
  };

  it('a database that does not exist fails at once with one line', async () => {
    const hub = startHub({ DATABASE_URL: serverUrl('ah_no_such_database'), PORT: String(await freePort()) });
    expect(await hub.exited).toBe(1);
    const out = hub.output();
    expect(plainLines(out), out).toEqual([
      expect.stringMatching(
        /^Cannot start: the database at .+\/ah_no_such_database refused the connection: .*does not exist \(3D000\)$/,
      ),
    ]);
  }, 60_000);

  it('a database that never comes up fails after DB_WAIT_TIMEOUT_MS with one line', async () => {
    const hub = startHub({
      DATABASE_URL: serverUrl('advocate_hub', await freePort()),
      DB_WAIT_TIMEOUT_MS: '1000',
      PORT: String(await freePort()),
    });
    expect(await hub.exited).toBe(1);
    const out = hub.output();
    expect(plainLines(out), out).toEqual([
      expect.stringMatching(/^Cannot start: the database at .+ is not reachable \(ECONNREFUSED\) after waiting 1 s; /),
    ]);
    expect(out).toMatch(/not up yet \(ECONNREFUSED\); waiting up to 1 s/);
  }, 60_000);

  it('waits for a database that is not up yet, says so, and starts once it is', async () => {
    const proxy = databaseProxy();
    const port = await freePort();
    const told: string[] = [];
    const log = { info: (m: string) => told.push(m), warn: (m: string) => told.push(m) };
    const late = setTimeout(() => void proxy.listen(port), 1500);
    try {
      const t0 = Date.now();
      const storage = await openStorage(
        loadConfig({
          DATABASE_URL: proxy.url(port),
          SEED_DEMO: 'false',
          DB_WAIT_TIMEOUT_MS: '20000',
          LOG_LEVEL: 'silent',
        }),
        log,
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
      await storage.close();
      expect(told).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/not up yet \(ECONNREFUSED\); waiting up to 20 s/),
          expect.stringMatching(/is up after \d+\.\d s/),
        ]),
      );
    } finally {
      clearTimeout(late);
      await proxy.close();
    }
  });
});
