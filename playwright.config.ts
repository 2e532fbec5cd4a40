import { defineConfig } from '@playwright/test';

// scripts/e2e.mjs starts the built hub and passes its URL and the Chromium to use.
// Never let Playwright download a browser: launch the one found on this machine.
export default defineConfig({
  testDir: 'tests/e2e',
  // Tests, not files, are shared out to the workers: the long ones no longer queue behind their
  // file's others. A file whose tests follow on from each other says so (serial or default mode).
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // CI runs the whole suite on 2 cores beside the hub, PostgreSQL and two Chromiums: a test's own
  // deadline (not an assertion about speed) gets room there.
  // The suite also runs beside the integration tiers (scripts/test.mjs), so CI gives more room;
  // the longest flows (two browsers, many pages) say `test.slow()`: three times this.
  timeout: process.env.CI ? 120_000 : 60_000,
  expect: { timeout: process.env.CI ? 15_000 : 7_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
    // The hub honours prefers-reduced-motion (no animations or transitions): nothing to wait for or paint.
    reducedMotion: 'reduce',
    // A failed test keeps its trace (actions, DOM snapshots, network, console) and a screenshot of the
    // end. No screencast in the trace: Chromium encoding frames of every page of every passing test cost
    // about an eighth of the run's CPU (measured on responsive, segments, rewards-admin, moderation).
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
});
