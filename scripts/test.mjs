// The whole suite: typecheck, lint, unit, integration (real PostgreSQL), end-to-end (real Chromium).
// `pnpm test -- --skip e2e` skips a step; every step runs otherwise and the first failure stops the run.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib.mjs';

const skip = new Set();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) if (argv[i] === '--skip') skip.add(argv[++i]);

const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });

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

const steps = [
  ['typecheck', 'pnpm', ['typecheck']],
  ['lint', 'pnpm', ['lint']],
  [
    'unit',
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}/unit.json`,
    ],
  ],
  [
    'integration',
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}/integration.json`,
    ],
  ],
  ['e2e', 'node', ['scripts/e2e.mjs']],
];

const counts = {};
const started = Date.now();
for (const [name, cmd, args] of steps) {
  if (skip.has(name)) {
    console.log(`\n=== ${name}: skipped ===`);
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const code = await run(cmd, args);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  counts.unit ??= vitestCounts(`${results}/unit.json`);
  counts.integration ??= vitestCounts(`${results}/integration.json`);
  counts.e2e ??= playwrightCounts(`${results}/e2e.json`);
  if (code !== 0) {
    console.error(`\n=== ${name} FAILED (exit ${code}, ${secs}s) ===`);
    process.exit(code);
  }
  console.log(`=== ${name} ok (${secs}s) ===`);
}

let passed = 0;
let failed = 0;
console.log(
  `\nSummary (${((Date.now() - started) / 1000).toFixed(0)}s, database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}):`,
);
for (const tier of ['unit', 'integration', 'e2e']) {
  const c = counts[tier];
  if (!c) continue;
  passed += c.passed;
  failed += c.failed;
  console.log(`  ${tier}: ${c.passed} passed, ${c.failed} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
