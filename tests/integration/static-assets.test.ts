import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../web/precompress.js';
import { createTestApp, type TestApp } from './helpers.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A built SPA in a temporary folder, shaped like web/dist, compressed by the build's own step. */
async function builtSpa(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ah-web-dist-'));
  await fs.mkdir(path.join(dir, 'assets'));
  const entry = Array.from(
    { length: 400 },
    (_, i) => `export function screen${i}(){return document.querySelector("#screen-${i}")}`,
  ).join(';\n');
  await fs.writeFile(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>Advocate Hub</title>` +
      `<script type="module" crossorigin src="/assets/index-Ab12Cd34.js"></script>` +
      `<link rel="stylesheet" crossorigin href="/assets/index-Ef56Gh78.css"></head>` +
      `<body><div id="app"><div class="boot-screen" role="status">Loading…</div></div></body></html>\n`,
  );
  await fs.writeFile(path.join(dir, 'assets/index-Ab12Cd34.js'), entry);
  await fs.writeFile(path.join(dir, 'assets/index-Ef56Gh78.css'), '.card{padding:1rem}\n'.repeat(200));
  await fs.writeFile(path.join(dir, 'assets/x-Zz9.js'), 'x'); // too small to be worth compressing
  await fs.writeFile(path.join(dir, 'assets/badge-Qq1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  await fs.writeFile(
    path.join(dir, 'favicon.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${'<circle cx="16" cy="16" r="8"/>'.repeat(20)}</svg>`,
  );
  await precompress(dir);
  return dir;
}

function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'gzip') return zlib.gunzipSync(body);
  return body;
}

let dist: string;
let t: TestApp;
beforeAll(async () => {
  dist = await builtSpa();
  t = await createTestApp({ webDist: dist });
});
afterAll(async () => {
  await t?.close();
  await fs.rm(dist, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({
    method: 'GET',
    url,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });

describe('the built web app is served pre-compressed and cached by what its name promises', () => {
  it('the build writes brotli and gzip siblings only where they are smaller', async () => {
    const files = await fs.readdir(path.join(dist, 'assets'));
    expect(files).toEqual(
      expect.arrayContaining([
        'index-Ab12Cd34.js.br',
        'index-Ab12Cd34.js.gz',
        'index-Ef56Gh78.css.br',
        'index-Ef56Gh78.css.gz',
      ]),
    );
    expect(files).not.toContain('x-Zz9.js.br');
    expect(files).not.toContain('badge-Qq1.png.br');
    const raw = await fs.readFile(path.join(dist, 'assets/index-Ab12Cd34.js'));
    const br = await fs.readFile(path.join(dist, 'assets/index-Ab12Cd34.js.br'));
    expect(br.length).toBeLessThan(raw.length / 4);
  });

  it.each([
    ['br, gzip, deflate', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['deflate', undefined],
    ['identity', undefined],
    [undefined, undefined],
  ])(
    'a hashed script asked for with Accept-Encoding %j comes as %s, cached for a year, and decodes to the file',
    async (accept, encoding) => {
      const raw = await fs.readFile(path.join(dist, 'assets/index-Ab12Cd34.js'));
      const r = await get('/assets/index-Ab12Cd34.js', accept);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-encoding']).toBe(encoding);
      expect(r.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.headers['cache-control']).toBe(IMMUTABLE);
      if (encoding) expect(r.rawPayload.length).toBeLessThan(raw.length);
      expect(decoded(r.rawPayload, encoding).equals(raw)).toBe(true);
    },
  );

  it('stylesheets come compressed and immutable too; a file too small to compress comes as it is', async () => {
    const css = await get('/assets/index-Ef56Gh78.css', 'br');
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toBe(IMMUTABLE);
    expect(decoded(css.rawPayload, 'br').equals(await fs.readFile(path.join(dist, 'assets/index-Ef56Gh78.css')))).toBe(
      true,
    );

    const tiny = await get('/assets/x-Zz9.js', 'br, gzip');
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.headers.vary).toMatch(/accept-encoding/i);
    expect(tiny.body).toBe('x');
    expect(tiny.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('index.html is always revalidated, whether asked for by / or by a client-side route, and keeps its CSP', async () => {
    const raw = await fs.readFile(path.join(dist, 'index.html'));
    for (const url of ['/', '/home', '/challenges/123']) {
      const r = await get(url, 'br, gzip');
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.headers.etag ?? r.headers['last-modified'], 'a validator to revalidate with').toBeTruthy();
      expect(decoded(r.rawPayload, 'br').equals(raw)).toBe(true);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("'unsafe-inline' 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const plain = await get('/home', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(raw)).toBe(true);
  });

  it('unhashed files are revalidated; the compressed siblings are not files of their own', async () => {
    const icon = await get('/favicon.svg', 'gzip');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-encoding']).toBe('gzip');
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(decoded(icon.rawPayload, 'gzip').equals(await fs.readFile(path.join(dist, 'favicon.svg')))).toBe(true);

    const png = await get('/assets/badge-Qq1.png', 'br');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['cache-control']).toBe(IMMUTABLE);

    for (const url of ['/assets/index-Ab12Cd34.js.br', '/assets/index-Ab12Cd34.js.gz', '/assets/index-Gone0000.js']) {
      const r = await get(url, 'br');
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['cache-control'], url).not.toBe(IMMUTABLE);
    }
  });

  it('a conditional request for an unchanged index.html is answered 304 without a body', async () => {
    const first = await get('/home', 'br');
    const again = await t.app.inject({
      method: 'GET',
      url: '/home',
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });
});

// The real build, where one exists (`pnpm build`): every script and stylesheet it made has both siblings.
const realDist = path.resolve(import.meta.dirname, '../../web/dist');
describe.runIf(existsSync(path.join(realDist, 'index.html')))('the real web build', () => {
  it('has a brotli and a gzip sibling for every script and stylesheet over 1 KB', async () => {
    const assets = readdirSync(path.join(realDist, 'assets'));
    const big = [];
    for (const f of assets.filter((a) => /\.(js|css)$/.test(a)))
      if ((await fs.stat(path.join(realDist, 'assets', f))).size > 1024) big.push(f);
    expect(big.length).toBeGreaterThan(0);
    for (const f of big) {
      expect(assets, f).toContain(`${f}.br`);
      expect(assets, f).toContain(`${f}.gz`);
    }
  });
});
