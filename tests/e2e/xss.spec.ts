import { createRequire } from 'node:module';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, signIn } from './fixtures.js';
import { PAYLOADS } from './support/xss-payloads.js';

// Stored XSS through the community. Every payload is first shown on a control page that renders it
// raw (as HTML, and markdown through markdown-it with HTML on, as a careless app would): most of them
// run there. Then they are posted through the API and viewed in the real SPA in Chromium — thread
// pages, search results, the moderation queue and the notifications — with the page's CSP bypassed,
// so the sanitising alone is tested: none may run, and no rendered post may hold a script, an event
// handler attribute or a script URL.

const requireWeb = createRequire(new URL('../../web/package.json', import.meta.url));
const MarkdownIt = requireWeb('markdown-it') as new (o: { html: boolean; linkify: boolean }) => {
  render(s: string): string;
};
const unsafeMarkdown = new MarkdownIt({ html: true, linkify: true });
const MARK = 'xsscorpus';

/** Fires what a visitor might: mouseover and focus on every element, clicks on script-URL links. */
async function poke(page: Page, scope: string) {
  await page.evaluate((sel) => {
    for (const root of Array.from(document.querySelectorAll(sel)))
      for (const el of Array.from(root.querySelectorAll('*'))) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (el instanceof HTMLElement) el.focus();
        const href = el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '';
        if (/^\s*(javascript|vbscript|data):/i.test(href) && el instanceof HTMLElement) el.click();
      }
  }, scope);
  await page.waitForTimeout(300);
}

/** Dangerous markup left inside rendered posts: scripts, event handlers, script URLs, frames. */
async function dangerousMarkup(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    for (const root of Array.from(document.querySelectorAll(sel)))
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const tag = el.tagName.toLowerCase();
        if (
          ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'style', 'form', 'svg', 'math'].includes(tag)
        )
          found.push(`<${tag}>`);
        for (const a of el.getAttributeNames()) {
          const v = el.getAttribute(a) ?? '';
          if (a.startsWith('on')) found.push(`${tag}[${a}]`);
          if (
            ['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc'].includes(a) &&
            /^\s*(javascript|vbscript|data):/i.test(v)
          )
            found.push(`${tag}[${a}=${v.slice(0, 30)}]`);
          if (a === 'srcdoc') found.push(`${tag}[srcdoc]`);
        }
      }
    return found;
  }, scope);
}

test.describe.configure({ mode: 'serial' });

test('stored XSS: payloads that run on a raw control page never run in the hub', async ({
  browser,
  playwright,
  launchOptions,
  request,
  baseURL,
}) => {
  test.slow();

  // ---- control: the payloads rendered raw in Chromium, each on a page of its own. A few pages at
  // once: most of a payload's time is the pause that lets a late handler fire, not work.
  // The control runs in a Chromium of its own: a raw payload may take down its page, its context or
  // (under load) the whole browser; then a fresh one takes the next payloads, and the hub half of the
  // test, in the worker's browser, is untouched.
  let controlBrowser = await playwright.chromium.launch(launchOptions);
  let control = await controlBrowser.newContext();
  let reviving: Promise<void> | null = null;
  const revive = () =>
    (reviving ??= (async () => {
      try {
        control = await controlBrowser.newContext();
      } catch {
        await controlBrowser.close().catch(() => {});
        controlBrowser = await playwright.chromium.launch(launchOptions);
        control = await controlBrowser.newContext();
      }
      console.log('xss control: a payload ended the control browser or context; went on in a fresh one');
    })().finally(() => (reviving = null)));
  const newControlPage = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await control.newPage();
      } catch (err) {
        if (attempt === 3) throw err;
        await revive();
      }
    }
  };
  const ran = new Set<number>();
  const queue = [...PAYLOADS];
  const renderRaw = async () => {
    let current = 0;
    const open = async () => {
      const page = await newControlPage();
      page.on('dialog', (d) => {
        ran.add(current);
        void d.dismiss();
      });
      return page;
    };
    let page = await open();
    for (let p = queue.shift(); p; p = queue.shift()) {
      current = p.n;
      const html = p.kind === 'html' ? p.body : unsafeMarkdown.render(p.body);
      try {
        await page.setContent(`<!doctype html><html><body><main>${html}</main></body></html>`);
        await poke(page, 'body');
      } catch (err) {
        // A raw payload may close or navigate away its own page (a late handler of an earlier one
        // included): that page is done; the next payload gets a fresh one.
        if (!page.isClosed()) await page.close();
        console.log(`xss control: payload ${p.n} ended its page (${(err as Error).message.split('\n')[0]})`);
      }
      if (page.isClosed()) page = await open();
    }
    await page.close().catch(() => {});
  };
  await Promise.all(Array.from({ length: 6 }, renderRaw));
  await controlBrowser.close();
  console.log(`xss control: payloads that ran raw: ${[...ran].sort((a, b) => a - b).join(' ')}`);
  console.log(`xss control: ${ran.size} of ${PAYLOADS.length} payloads ran when rendered raw`);
  expect(ran.size).toBeGreaterThan(PAYLOADS.length / 2);

  // ---- the hub: post them through the API
  const api = request;
  expect(
    (await api.post('/api/auth/login', { data: { email: DEMO.admin.email, password: DEMO_PASSWORD } })).status(),
  ).toBe(200);
  const ada = (await (await api.get('/api/admin/members?q=ada@demo.test')).json()).members[0] as { id: string };
  const cats = (await (await api.get('/api/community/categories')).json()).categories as { id: string; slug: string }[];
  const fun = cats.find((c) => c.slug === 'fun')!.id;
  const threads: string[] = [];
  const postIds: string[] = [];
  const half = Math.ceil(PAYLOADS.length / 2);
  for (const [i, chunk] of [PAYLOADS.slice(0, half), PAYLOADS.slice(half)].entries()) {
    const title = `${MARK} <img src=x onerror=alert(900)> thread ${i} <script>alert(901)</script>`;
    const t = await api.post('/api/community/threads', {
      data: { categoryId: fun, title, body: `${MARK} opening post of payload thread ${i}` },
    });
    expect(t.status(), await t.text()).toBe(201);
    const threadId = (await t.json()).thread.id as string;
    threads.push(threadId);
    for (const p of chunk) {
      const mention = p.n % 10 === 0 ? `@[Ada](mention:${ada.id}) ` : '';
      const r = await api.post(`/api/community/threads/${threadId}/posts`, {
        data: { body: `${MARK} p${p.n} ${mention}\n\n${p.body}` },
      });
      expect(r.status(), `payload ${p.n}: ${await r.text()}`).toBe(201);
      postIds.push((await r.json()).post.id);
    }
  }
  await api.post('/api/auth/logout');

  // Ada flags some, so they reach the moderation queue.
  expect(
    (await api.post('/api/auth/login', { data: { email: DEMO.advocate.email, password: DEMO_PASSWORD } })).status(),
  ).toBe(200);
  for (const id of postIds.filter((_, i) => i % 3 === 0))
    expect((await api.post(`/api/community/posts/${id}/flags`, { data: { reason: 'inappropriate' } })).status()).toBe(
      201,
    );
  await api.post('/api/auth/logout');

  // ---- view them in the SPA, CSP bypassed so the sanitiser stands alone
  const hits: string[] = [];
  const markup: string[] = [];
  const view = async (b: Browser, email: string, home: RegExp, visits: (page: Page) => Promise<void>) => {
    const context = await b.newContext({ baseURL, bypassCSP: true });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      hits.push(`${new URL(page.url()).pathname}: ${d.message()}`);
      void d.dismiss();
    });
    await signIn(page, email);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(home, { timeout: 20_000 });
    await visits(page);
    await context.close();
  };
  const rendered: Record<string, number> = {};
  const check = async (page: Page, where: string) => {
    await page.waitForLoadState('networkidle');
    rendered[where] = await page.locator('.markdown', { hasText: MARK }).count();
    await poke(page, '.markdown');
    markup.push(...(await dangerousMarkup(page, '.markdown')).map((m) => `${where}: ${m}`));
  };

  await view(browser, DEMO.advocate.email, DEMO.advocate.home, async (page) => {
    for (const id of threads) {
      await page.goto(`/community/threads/${id}`);
      await expect(page.getByText(`${MARK} p`).first()).toBeVisible({ timeout: 15_000 });
      // Load every page of posts.
      for (let i = 0; i < 5; i++) {
        const more = page.getByRole('button', { name: /load more|older|newer|more posts/i });
        if (!(await more.count())) break;
        await more.first().click();
        await page.waitForLoadState('networkidle');
      }
      await check(page, `thread ${id}`);
    }
    await page.goto(`/community/search?q=${MARK}`);
    await expect(page.getByText(new RegExp(MARK, 'i')).first()).toBeVisible({ timeout: 15_000 });
    await check(page, 'search');
    await poke(page, 'main');
    await page.getByTestId('notifications-bell').click();
    await expect(page.getByText(/mentioned you/).first()).toBeVisible({ timeout: 15_000 });
    await poke(page, '#notifications-panel');
    // Notifications are plain text; the panel's own icons are SVG, so only rendered markdown is checked.
    markup.push(...(await dangerousMarkup(page, '#notifications-panel .markdown')).map((m) => `notifications: ${m}`));
  });
  await view(browser, DEMO.moderator.email, DEMO.moderator.home, async (page) => {
    await page.goto('/moderation');
    await expect(page.getByText(`${MARK} p`).first()).toBeVisible({ timeout: 15_000 });
    await check(page, 'moderation queue');
  });

  console.log(`xss hub: ${hits.length} of ${PAYLOADS.length} payloads ran; dangerous markup found: ${markup.length}`);
  console.log(`xss hub: rendered posts checked per view ${JSON.stringify(rendered)}`);
  expect(hits).toEqual([]);
  expect(markup).toEqual([]);
  // The views really showed the payloads: every payload post on the thread pages, flagged ones in the queue.
  expect(threads.reduce((n, id) => n + (rendered[`thread ${id}`] ?? 0), 0)).toBeGreaterThanOrEqual(PAYLOADS.length);
  expect(rendered['moderation queue']).toBeGreaterThan(0);
});

test('the hub sends a Content-Security-Policy without inline scripts or eval', async ({ request }) => {
  const res = await request.get('/community');
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("object-src 'none'");
});
