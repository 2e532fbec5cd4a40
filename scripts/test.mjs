// The whole suite: typecheck, lint, unit, integration (real PostgreSQL), end-to-end (real Chromium).
//
// Steps run side by side in three lanes, because none of them keeps two cores busy alone and none
// shares a database with another (integration and e2e each make their own):
//   lane 1: build → e2e                        (CPU-bound)
//   lane 2: integration                        (mostly waiting on PostgreSQL)
//   lane 3: typecheck → lint → unit [→ integration on an embedded PostgreSQL]
// The embedded run happens when TEST_EMBEDDED_TOO=1 (CI sets it: both database paths in one run).
// Each step's output goes to test-results/logs/<step>.log and is printed whole when the step ends.
// The first failure stops the other lanes. `pnpm test -- --skip e2e` skips a step (repeatable);
// `--serial` runs the steps one after the other with their output live, as before.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const skip = new Set();
const argv = process.argv.slice(2);
let serial = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--skip') skip.add(argv[++i]);
  else if (argv[i] === '--serial') serial = true;
}

const results = path.join(root, 'test-results');
const logs = path.join(results, 'logs');
rmSync(results, { recursive: true, force: true });
mkdirSync(logs, { recursive: true });

function vitestCounts(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) };
}
function playwrightCounts(file) {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: s.expected, failed: s.unexpected + s.flaky };
}
const vitest = (project) => [
  'exec',
  'vitest',
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/${project}.json`,
];

/** name → [command, args, extra env] */
const STEPS = {
  typecheck: ['pnpm', ['typecheck']],
  lint: ['pnpm', ['lint']],
  unit: ['pnpm', vitest('unit')],
  integration: ['pnpm', vitest('integration')],
  // The newcomer's path: no DATABASE_URL (an embedded PostgreSQL of its own) and no REDIS_URL.
  'integration-embedded': [
    'pnpm',
    [...vitest('integration').slice(0, -1), `--outputFile.json=${results}/integration-embedded.json`],
    { DATABASE_URL: undefined, REDIS_URL: undefined },
  ],
  // e2e.mjs builds by itself unless told the build step already ran.
  build: ['pnpm', ['build']],
  e2e: ['node', ['scripts/e2e.mjs'], { E2E_SKIP_BUILD: '1' }],
};
const wantsBuild = !skip.has('e2e') && !process.env.E2E_SKIP_BUILD;
// The embedded integration run follows the short lane (typecheck, lint, unit end long before the
// first integration run does), so that the two integration runs overlap instead of queueing.
const lanes = [['build', 'e2e'], ['integration'], ['typecheck', 'lint', 'unit', 'integration-embedded']].map((lane) =>
  lane.filter(
    (s) =>
      !skip.has(s) &&
      (s !== 'build' || wantsBuild) &&
      (s !== 'integration-embedded' || (process.env.TEST_EMBEDDED_TOO === '1' && process.env.DATABASE_URL)),
  ),
);

const running = new Map(); // name → { child, t0 }
let stopping = false;
const started = Date.now();
const secs = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

function stepEnv(extra = {}) {
  const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function runStep(name) {
  const [cmd, args, env] = STEPS[name];
  const t0 = Date.now();
  const logFile = path.join(logs, `${name}.log`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: stepEnv(env),
      stdio: serial ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      detached: !serial, // its own process group, so that a failure elsewhere stops all of it
    });
    if (!serial) {
      const out = createWriteStream(logFile);
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      child.on('close', () => out.end());
    }
    running.set(name, { child, t0 });
    console.log(`\n=== ${name} started${serial ? '' : ` (output: ${path.relative(root, logFile)})`} ===`);
    child.on('close', (code, signal) => {
      running.delete(name);
      const exit = code ?? (signal ? 1 : 0);
      const show = () => {
        if (!serial && existsSync(logFile)) {
          // A good build says little worth reading (its whole log stays in the file); all else in full.
          let text = readFileSync(logFile, 'utf8');
          if (name === 'build' && exit === 0) text = text.trimEnd().split('\n').slice(-3).join('\n') + '\n';
          process.stdout.write(`\n--- ${name} output ---\n${text}`);
        }
        if (exit === 0) console.log(`=== ${name} ok (${secs(t0)}s) ===`);
        else if (!stopping) console.error(`\n=== ${name} FAILED (exit ${exit}, ${secs(t0)}s) ===`);
        else console.log(`=== ${name} stopped (${secs(t0)}s) ===`);
      };
      // Let the log stream flush before printing it.
      setTimeout(() => {
        show();
        resolve(exit);
      }, 50);
    });
  });
}

function stopAll() {
  stopping = true;
  for (const { child } of running.values()) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });

let failure = 0;
async function runLane(lane) {
  for (const name of lane) {
    if (failure) return;
    const code = await runStep(name);
    if (code !== 0 && !failure) {
      failure = code;
      stopAll();
    }
  }
}

const heartbeat = serial
  ? null
  : setInterval(() => {
      const now = [...running.entries()].map(([n, r]) => `${n} ${secs(r.t0)}s`).join(', ');
      if (now) console.log(`... ${secs(started)}s: running ${now}`);
    }, 60_000);
if (serial) for (const lane of [lanes[2], lanes[1], lanes[0]]) await runLane(lane);
else await Promise.all(lanes.map(runLane));
if (heartbeat) clearInterval(heartbeat);

const counts = {
  unit: vitestCounts(`${results}/unit.json`),
  integration: vitestCounts(`${results}/integration.json`),
  e2e: playwrightCounts(`${results}/e2e.json`),
  'integration (embedded)': vitestCounts(`${results}/integration-embedded.json`),
};
let passed = 0;
let failed = 0;
console.log(`\nSummary (${secs(started)}s, database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}):`);
for (const tier of Object.keys(counts)) {
  const c = counts[tier];
  if (!c) continue;
  passed += c.passed;
  failed += c.failed;
  console.log(`  ${tier}: ${c.passed} passed, ${c.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failure || (failed ? 1 : 0));
