// Preloaded (`node --import`) into the built hub that e2e and smoke start: two queries at once on one
// pg client stop the hub (exit code 70), so the run that caused it fails.
import { guardConcurrentQueries } from './concurrent-query-guard.mjs';

guardConcurrentQueries((err) => {
  console.error(`hub-guard: ${err.stack}`);
  process.exitCode = 70;
  setImmediate(() => process.exit(70));
});
