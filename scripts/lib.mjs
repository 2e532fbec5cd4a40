// Helpers shared by the repo scripts (no dependencies beyond node and pg).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Node arguments that start the built hub as e2e and smoke start it: with the guard that stops it
 * when two queries run at once on one pg client (scripts/hub-guard.mjs).
 */
export const hubArgs = ['--import', path.join(root, 'scripts/hub-guard.mjs'), path.join(root, 'server/dist/main.js')];

export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

function playwrightChromium() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return null;
  for (const dir of readdirSync(cache)
    .filter((d) => /^chromium-\d+/.test(d))
    .sort()
    .reverse()) {
    for (const sub of ['chrome-linux64/chrome', 'chrome-linux/chrome']) {
      const p = path.join(cache, dir, sub);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/**
 * Finds a Chromium: CHROMIUM_PATH, Debian's, or one Playwright already downloaded for the user.
 * Where none is found: installs Debian's with apt-get when running as root, else says what to run.
 * Never downloads a browser build of its own.
 */
export function findChromium({ install = true } = {}) {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (existsSync(given)) return given;
    throw new Error(`CHROMIUM_PATH=${given} does not exist`);
  }
  const found = SYSTEM_CHROMIUMS.find((p) => existsSync(p)) ?? playwrightChromium();
  if (found) return found;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (install && hasApt && process.getuid?.() === 0) {
    console.log("No Chromium found: installing Debian's chromium with apt-get …");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (r.status === 0 && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  const how = hasApt
    ? 'sudo apt-get install -y chromium'
    : 'install Chromium with your package manager (e.g. `brew install --cask chromium`, `dnf install chromium`)';
  throw new Error(
    `No Chromium found for the end-to-end tests. Run: ${how} — or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
  );
}

export async function waitForHealth(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}
