/**
 * The advocate's first screen: what a signed-in advocate's browser downloads before `/home` is
 * interactive, and how long that takes, through the built hub on a fresh database with the demo.
 *
 * Chromium (Playwright) signs in as the demo advocate through the API in a new context — a COLD
 * cache — then opens `/home`. "Interactive" is the moment the app's `<h1>Welcome, Ada</h1>` is in the
 * document (the router has resolved, the session is known and the home page has mounted, so its
 * handlers are attached); an init script stamps it with `performance.now()` from the navigation start.
 * Every response is recorded through CDP until the network is idle: bytes on the wire are
 * `Network.loadingFinished.encodedDataLength` (compressed body + headers), raw bytes the decoded body.
 *
 * Prints, for the median of BENCH_LOADS (5) cold loads: files and bytes by type (JS/CSS/other) before
 * interactive and until idle, wire vs raw, time to interactive; then a warm (same context) load with
 * the JS it downloaded again. Baselines in the same run: the raw (uncompressed) bytes of the same
 * files, and a cold load of a bare page from the same server (`GET /api/health`) — printed as ratios.
 * Also prints the hub's start figures: the first start on the fresh database and a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { freshDatabase } from './fresh-db.js';
import { hubEnv } from './bench-kit.js';
import { findChromium, freePort, root, waitForHealth } from '../../scripts/lib.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const ADVOCATE = { email: 'ada@demo.test', password: 'demo-password' };
const HEADING = 'Welcome, Ada';

type Kind = 'js' | 'css' | 'html' | 'api' | 'other';
interface Res {
  url: string;
  kind: Kind;
  wire: number; // body and headers
  headers: number;
  raw: number;
  encoding: string;
  status: number;
  cached: boolean;
  start: number; // ms after navigation start
  end: number;
}
interface Load {
  interactive: number; // ms after navigation start
  idle: number;
  res: Res[];
}

function kindOf(url: string, mime: string): Kind {
  const p = new URL(url).pathname;
  if (p.startsWith('/api/') || p.startsWith('/socket.io/')) return 'api';
  if (/javascript/.test(mime) || p.endsWith('.js')) return 'js';
  if (/css/.test(mime) || p.endsWith('.css')) return 'css';
  if (/html/.test(mime)) return 'html';
  return 'other';
}

function startHub(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}
async function timeToHealthy(env: NodeJS.ProcessEnv, port: number): Promise<{ ms: number; hub: ChildProcess }> {
  const t0 = performance.now();
  const hub = startHub(env);
  await waitForHealthFast(`http://127.0.0.1:${port}/api/health`, 120_000, hub);
  return { ms: performance.now() - t0, hub };
}
async function waitForHealthFast(url: string, timeoutMs: number, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the hub exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return waitForHealth(url, 1, child);
}

/** Opens `url` in `context`, recording every response until interactive (`ready` true) and the network is idle. */
async function load(context: BrowserContext, url: string, ready: 'heading' | 'load'): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const byId = new Map<string, Res & { t0?: number }>();
  let wallStart = 0; // CDP timestamp (s) of the document request
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!wallStart && e.type === 'Document') wallStart = e.timestamp;
    byId.set(e.requestId, {
      start: (e.timestamp - wallStart) * 1000,
      url: e.request.url,
      kind: 'other',
      wire: 0,
      headers: 0,
      raw: 0,
      encoding: '',
      status: 0,
      cached: false,
      end: 0,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    r.kind = kindOf(e.response.url, e.response.mimeType);
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    r.encoding = h['content-encoding'] ?? '';
    r.headers = e.response.encodedDataLength ?? 0; // what had arrived when the headers had: the headers
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.cached = true;
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.raw += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.wire = r.cached ? 0 : e.encodedDataLength;
    r.end = wallStart ? (e.timestamp - wallStart) * 1000 : 0;
  });

  await page.goto(url, { waitUntil: 'load' });
  let interactive: number;
  if (ready === 'heading') {
    await page.getByRole('heading', { level: 1, name: HEADING }).waitFor({ timeout: 30_000 });
    interactive = await page.evaluate(() => (window as unknown as { __interactiveAt: number }).__interactiveAt);
    if (typeof interactive !== 'number') throw new Error('the init script did not stamp the heading');
  } else {
    interactive = await page.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration);
  }
  await page.waitForLoadState('networkidle');
  const res = [...byId.values()].filter((r) => r.status > 0);
  const idle = Math.max(interactive, ...res.map((r) => r.end));
  await page.close();
  return { interactive, idle, res };
}

/**
 * Stamps `window.__interactiveAt` when the home heading enters the document. Added through CDP (no
 * inline script in the page); a string, as tsx would wrap a function's inner functions in helpers
 * the page does not have.
 */
function stampHeading(context: BrowserContext) {
  return context.addInitScript(`(() => {
    const check = () => {
      if (window.__interactiveAt) return true;
      for (const h of document.querySelectorAll('h1'))
        if (h.textContent.trim() === ${JSON.stringify(HEADING)}) {
          window.__interactiveAt = performance.now();
          return true;
        }
      return false;
    };
    new MutationObserver((_m, o) => check() && o.disconnect()).observe(document, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  })();`);
}

async function coldHome(browser: Browser, base: string): Promise<Load> {
  const context = await browser.newContext({ baseURL: base });
  try {
    await stampHeading(context);
    const r = await context.request.post('/api/auth/login', { data: ADVOCATE });
    if (r.status() !== 200) throw new Error(`sign-in as ${ADVOCATE.email}: ${r.status()} ${await r.text()}`);
    return await load(context, `${base}/home`, 'heading');
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const sum = (rs: Res[], f: (r: Res) => number) => rs.reduce((a, r) => a + f(r), 0);

function table(title: string, rs: Res[]) {
  console.log(`  ${title}`);
  for (const kind of ['js', 'css', 'html', 'other', 'api'] as Kind[]) {
    const of = rs.filter((r) => r.kind === kind);
    if (!of.length) continue;
    const enc = [...new Set(of.map((r) => r.encoding || 'identity'))].join('/');
    console.log(
      `    ${kind.padEnd(6)} ${String(of.length).padStart(3)} files  wire ${kb(sum(of, (r) => r.wire)).padStart(10)}  raw ${kb(sum(of, (r) => r.raw)).padStart(10)}  (${enc})`,
    );
  }
  console.log(
    `    total  ${String(rs.length).padStart(3)} files  wire ${kb(sum(rs, (r) => r.wire)).padStart(10)}  raw ${kb(sum(rs, (r) => r.raw)).padStart(10)}`,
  );
}

const db = await freshDatabase();
const port = await freePort();
const secret = crypto.randomBytes(32).toString('hex');
const env = hubEnv(port, db.url, secret, { SEED_DEMO: 'true' });
const base = `http://127.0.0.1:${port}`;
let hub: ChildProcess | null = null;
let browser: Browser | null = null;
try {
  const first = await timeToHealthy(env, port);
  hub = first.hub;
  await stop(hub);
  const again = await timeToHealthy(env, port);
  hub = again.hub;

  browser = await chromium.launch({
    executablePath: findChromium({ install: false }),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await coldHome(browser, base); // warm-up: the hub's first requests, Chromium's first page
  const cold: Load[] = [];
  for (let i = 0; i < LOADS; i++) cold.push(await coldHome(browser, base));
  const bare: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    bare.push((await load(context, `${base}/api/health`, 'load')).interactive);
    await context.close();
  }

  // Warm: a second visit in the same context (the same browser cache).
  const context = await browser.newContext({ baseURL: base });
  await stampHeading(context);
  await context.request.post('/api/auth/login', { data: ADVOCATE });
  const firstVisit = await load(context, `${base}/home`, 'heading');
  const warm = await load(context, `${base}/home`, 'heading');
  await context.close();

  const mid = cold.find((l) => l.interactive === median(cold.map((c) => c.interactive)))!;
  const before = mid.res.filter((r) => r.end <= mid.interactive);
  const jsWire = sum(
    before.filter((r) => r.kind === 'js'),
    (r) => r.wire,
  );
  const jsRaw = sum(
    before.filter((r) => r.kind === 'js'),
    (r) => r.raw,
  );
  const assets = mid.res.filter((r) => r.kind !== 'api');
  const tti = median(cold.map((c) => c.interactive));
  const bareMs = median(bare);

  console.log(
    `\nweb bench: signed-in demo advocate's /home, Chromium, ${LOADS} cold loads (new context each), database ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded'}`,
  );
  console.log(`  interactive = <h1>${HEADING}</h1> in the document; "before" = responses finished by then`);
  table('before interactive (median load):', before);
  table('until network idle (median load):', mid.res);
  const jsBody =
    jsWire -
    sum(
      before.filter((r) => r.kind === 'js' && !r.cached),
      (r) => r.headers,
    );
  console.log(
    `  JS before interactive: ${kb(jsBody)} of compressed bodies (${kb(jsWire)} with the response headers), ${kb(jsRaw)} raw — aim ≤ 120 KB: ${jsBody <= 120 * 1024 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  time to interactive: median ${tti.toFixed(0)} ms (${cold.map((c) => c.interactive.toFixed(0)).join(', ')}); network idle ${median(cold.map((c) => c.idle)).toFixed(0)} ms — aim ≤ 1000 ms: ${tti <= 1000 ? 'met' : 'MISSED'}`,
  );
  console.log(`  bare page (GET /api/health, cold context): median ${bareMs.toFixed(0)} ms`);
  console.log(
    `  ratios: static assets wire/raw ${(sum(assets, (r) => r.wire) / sum(assets, (r) => r.raw)).toFixed(3)}; time to interactive / bare page ${(tti / bareMs).toFixed(1)}×`,
  );
  const again2 = warm.res.filter((r) => r.kind === 'js' && !r.cached && r.wire > 0);
  const revalidated = warm.res.filter((r) => r.status === 304);
  console.log(
    `  warm load (same context): interactive ${warm.interactive.toFixed(0)} ms (first visit ${firstVisit.interactive.toFixed(0)} ms); JS downloaded again: ${again2.length} files, ${kb(sum(again2, (r) => r.wire))}; 304 revalidations: ${revalidated.length} (${revalidated.map((r) => new URL(r.url).pathname).join(', ') || 'none'}); wire total ${kb(sum(warm.res, (r) => r.wire))}`,
  );
  console.log(
    `  start: first start on a fresh database (migrations + demo seed) ${first.ms.toFixed(0)} ms to healthy; restart ${again.ms.toFixed(0)} ms to healthy (node server/dist/main.js, no build)`,
  );
  if (process.env.BENCH_VERBOSE)
    for (const r of mid.res)
      console.log(
        `    ${r.start.toFixed(0).padStart(5)}–${r.end.toFixed(0).padStart(5)} ms ${r.kind.padEnd(5)} ${kb(r.wire).padStart(9)} ${kb(r.raw).padStart(9)} ${r.encoding.padEnd(4)} ${new URL(r.url).pathname}`,
      );
} finally {
  await browser?.close();
  if (hub) await stop(hub);
  await db.cleanup();
}
