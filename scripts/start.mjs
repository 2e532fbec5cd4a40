// `pnpm start` (or `node scripts/start.mjs`): builds the web app and the server only when their
// sources changed since the last build, then runs the hub in this same process, so a Ctrl-C stops it
// with one line and exit code 0.
//
// The build's inputs (sources, configs, lockfile) are hashed before a build and the hash is written
// to server/dist/build-stamp.json once it succeeded. A start with the same hash and both builds in
// place skips the build. Needs only node: the build runs vite and esbuild through node, no pnpm on
// PATH. `--build`: build whatever the stamp says (`pnpm build`); `--build-only`: build if needed, and
// stop; `--check`: exit 0 when the build is up to date, 1 when a start would build (builds nothing).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const STAMP = path.join(root, 'server/dist/build-stamp.json');
const BUILT = [path.join(root, 'web/dist/index.html'), path.join(root, 'server/dist/main.js')];

/** What a build is made from: folders (all files below) and single files, relative to the root. */
const INPUTS = [
  'web/src',
  'web/public',
  'web/index.html',
  'web/vite.config.ts',
  'web/precompress.ts',
  'web/tsconfig.json',
  'web/package.json',
  'shared/src',
  'shared/package.json',
  'server/src',
  'server/build.mjs',
  'server/package.json',
  'seeds',
  'tsconfig.base.json',
  'package.json',
  'pnpm-lock.yaml',
];

function files(rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  try {
    return readdirSync(abs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)));
  } catch (err) {
    if (err.code === 'ENOTDIR') return [rel];
    throw err;
  }
}

/** One hash over the names and contents of every build input. */
function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const f of INPUTS.flatMap(files).sort()) {
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  }
  return hash.digest('hex');
}

function stampedHash() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).sources;
  } catch {
    return null;
  }
}

function writeStamp(sources) {
  writeFileSync(STAMP, JSON.stringify({ sources, builtAt: new Date().toISOString() }) + '\n');
}

function run(args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

/** The same two steps as `pnpm build`, through node. */
async function build(logLevel) {
  const vite = path.join(root, 'web/node_modules/vite/bin/vite.js');
  if (!existsSync(vite)) {
    console.error('start: the dependencies are not installed; run `npx -y pnpm@10 install` first');
    return 1;
  }
  return (
    (await run([vite, 'build', '--logLevel', logLevel], path.join(root, 'web'))) ||
    (await run([path.join(root, 'server/build.mjs')], path.join(root, 'server')))
  );
}

const arg = process.argv[2];
if (arg && !['--build', '--build-only', '--check'].includes(arg)) {
  console.error(`start: unknown option ${arg} (--build, --build-only, --check, or none to build if needed and run)`);
  process.exit(64);
}
const t0 = performance.now();
const sources = sourceHash(); // before building: a file changed while building makes the next start build again
const hashMs = Math.round(performance.now() - t0);
const upToDate = BUILT.every((f) => existsSync(f)) && stampedHash() === sources;
if (arg === '--check') {
  console.log(`start: the build is ${upToDate ? 'up to date' : 'older than the sources'} (checked in ${hashMs} ms)`);
  process.exit(upToDate ? 0 : 1);
}
if (arg !== '--build' && upToDate) {
  if (arg === '--build-only') console.log(`start: the build is up to date (sources checked in ${hashMs} ms)`);
} else {
  if (arg !== '--build')
    console.log(
      'start: the sources changed since the last build (or there is none): building the web app and the server …',
    );
  const t1 = performance.now();
  const code = await build(arg === '--build' ? 'info' : 'warn');
  if (code) process.exit(code);
  writeStamp(sources);
  console.log(`start: built in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
}
// The hub runs here, in this process: its signal handlers are the ones a Ctrl-C reaches.
if (!arg) await import(pathToFileURL(path.join(root, 'server/dist/main.js')).href);
