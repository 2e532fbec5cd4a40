// Runs every benchmark in tests/bench (files named *.bench.ts), each printing figures next to a
// bare baseline measured in the same run. Needs the built server: runs `pnpm build` first.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib.mjs';

const only = process.argv[2];
const benches = readdirSync(path.join(root, 'tests/bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only));
if (!process.env.BENCH_SKIP_BUILD) {
  const code = await run('pnpm', ['build']);
  if (code) process.exit(code);
}
let failed = 0;
for (const f of benches) {
  console.log(`\n=== bench ${f} ===`);
  failed += (await run('pnpm', ['exec', 'tsx', path.join('tests/bench', f)])) ? 1 : 0;
}
process.exit(failed ? 1 : 0);
