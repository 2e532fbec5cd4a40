import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTraversable, stopLeftoverPostmaster } from '../../server/src/db/embedded.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function tempDir(mode?: number) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-embedded-'));
  dirs.push(dir);
  if (mode !== undefined) await fs.chmod(dir, mode);
  return dir;
}

function started(command: string, args: string[], argv0?: string): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore', ...(argv0 ? { argv0 } : {}) });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('spawn', () => setTimeout(() => resolve(child), 100));
    child.once('error', reject);
  });
}
const exited = (c: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((r) =>
    c.exitCode !== null || c.signalCode !== null
      ? r(c.signalCode ?? c.exitCode)
      : c.once('exit', (code, sig) => r(sig ?? code)),
  );

/** A process that looks like `postgres -D <dataDir>` in the process table. */
const fakePostgres = (dataDir: string) =>
  started(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '-D', dataDir], 'postgres');

async function pidFile(clusterDir: string, pid: number) {
  await fs.writeFile(path.join(clusterDir, 'postmaster.pid'), `${pid}\n${clusterDir}\n1700000000\n5432\n`);
}

const quiet = () => {
  const warned: string[] = [];
  return { warned, log: { info: () => {}, warn: (m: string) => warned.push(m) } };
};

describe('a postmaster.pid left by an earlier run', () => {
  it('whose pid now belongs to an unrelated process: that process is not signalled, the stale file goes', async () => {
    const cluster = await tempDir();
    const sleeper = await started('sleep', ['30']);
    await pidFile(cluster, sleeper.pid!);
    const { warned, log } = quiet();
    await stopLeftoverPostmaster(cluster, log);
    await new Promise((r) => setTimeout(r, 200));
    expect(sleeper.exitCode).toBeNull();
    expect(sleeper.signalCode).toBeNull();
    expect(existsSync(path.join(cluster, 'postmaster.pid'))).toBe(false);
    expect(warned.join('\n')).toMatch(
      new RegExp(
        `names pid ${sleeper.pid}, which is now "sleep 30", not this data directory's PostgreSQL: leaving it alone`,
      ),
    );
  });

  it('whose pid is a PostgreSQL of another data directory: left alone', async () => {
    const cluster = await tempDir();
    const other = await tempDir();
    const foreign = await fakePostgres(other);
    await pidFile(cluster, foreign.pid!);
    await stopLeftoverPostmaster(cluster, quiet().log);
    await new Promise((r) => setTimeout(r, 200));
    expect(foreign.exitCode).toBeNull();
    expect(foreign.signalCode).toBeNull();
  });

  it('whose pid is still this data directory’s PostgreSQL: it is stopped (SIGINT, fast shutdown)', async () => {
    const cluster = await tempDir();
    const postmaster = await fakePostgres(cluster);
    await pidFile(cluster, postmaster.pid!);
    const { warned, log } = quiet();
    await stopLeftoverPostmaster(cluster, log);
    expect(await exited(postmaster)).toBe('SIGINT');
    expect(warned.join('\n')).toMatch(/still running .*stopping it/);
  });
});

describe.runIf(process.getuid?.() === 0)('as root', () => {
  it('folders the postgres user could not traverse get o+x, said at warn level, naming those outside DATA_DIR', async () => {
    const outside = await tempDir(0o700);
    const dataDir = path.join(outside, 'data');
    await fs.mkdir(dataDir, { mode: 0o700 });
    const { warned, log } = quiet();
    await ensureTraversable(path.join(dataDir, 'pg'), log, dataDir);
    expect((await fs.stat(outside)).mode & 0o777).toBe(0o701);
    expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o701);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/running as root: .*chmod o\+x.*outside DATA_DIR/);
    expect(warned[0]).toContain(outside);
    // Nothing left to change: nothing said.
    await ensureTraversable(path.join(dataDir, 'pg'), log, dataDir);
    expect(warned).toHaveLength(1);
  });
});
