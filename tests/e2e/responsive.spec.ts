import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEMO, seriousViolations, signIn } from './fixtures.js';

// Every admin list at a laptop, a desktop and a phone width: no sideways scroll of the page, each
// row's actions visible and inside the screen; axe finds nothing serious or critical. One signed-in
// page per width keeps the file fast.
const ADMIN_LISTS = [
  '/admin/members',
  '/admin/challenges',
  '/admin/rewards',
  '/admin/reviews',
  '/admin/redemptions',
  '/admin/badges',
  '/admin/levels',
  '/admin/groups',
  '/admin/segments',
  '/admin/join-codes',
  '/admin/audit',
  '/admin/community',
  '/moderation',
] as const;
const ADVOCATE_PAGES = ['/home', '/challenges', '/rewards', '/profile'] as const;
const WIDTHS = [1280, 1440, 390] as const;

async function signedInPage(browser: Browser, email: string, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** Opens a page and waits until its heading and its data are there. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page, 'still signed in').not.toHaveURL(/\/login/);
  await page.waitForLoadState('networkidle');
}

async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Action cells of the first rows whose box is not wholly inside the screen. */
async function actionsOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const cells = Array.from(document.querySelectorAll('main td.row-actions-cell')).slice(0, 8);
    for (const cell of cells) {
      for (const control of Array.from(cell.querySelectorAll('button, a'))) {
        const r = control.getBoundingClientRect();
        if (r.width === 0 || r.left < 0 || r.right > window.innerWidth + 0.5)
          out.push(
            `${control.getAttribute('aria-label') ?? control.textContent?.trim()} at ${Math.round(r.left)}–${Math.round(r.right)}`,
          );
      }
    }
    return out;
  });
}

/** Resizes the page and waits until the layout has followed. */
async function resize(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Independent tests, each with its own signed-in page: they may run side by side. Each page is
// loaded once, checked by axe at 1280 px, then laid out at every width in turn.
test.describe.configure({ mode: 'parallel' });

const ADMIN_RUNS = [['/admin', ...ADMIN_LISTS.slice(0, 6)], ADMIN_LISTS.slice(6)] as const;
for (const paths of ADMIN_RUNS) {
  test(`admin lists at ${WIDTHS.join(', ')} px: no sideways scroll, row actions in view, no serious axe violations (${paths.join(', ')})`, async ({
    browser,
  }) => {
    test.slow();
    const page = await signedInPage(browser, DEMO.admin.email, 1280);
    const problems: string[] = [];
    const withActions: string[] = [];
    for (const path of paths) {
      await resize(page, 1280);
      await open(page, path);
      for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
      for (const width of WIDTHS) {
        await resize(page, width);
        const overflow = await pageOverflow(page);
        if (overflow > 0) problems.push(`${path} at ${width} px: the page scrolls sideways by ${overflow} px`);
        if ((await page.locator('main td.row-actions-cell').count()) > 0) withActions.push(path);
        for (const o of await actionsOutside(page)) problems.push(`${path} at ${width} px: ${o} is outside the screen`);
      }
    }
    expect(problems).toEqual([]);
    // Lists whose rows carry their own actions were among those checked (the demo fills them).
    expect(withActions.length).toBeGreaterThan(0);
    await page.context().close();
  });
}

test('advocate pages: no serious axe violations, no sideways scroll at 1280 and 390 px', async ({ browser }) => {
  test.slow();
  const page = await signedInPage(browser, DEMO.advocate.email, 1280);
  const problems: string[] = [];
  for (const path of ADVOCATE_PAGES) {
    await resize(page, 1280);
    await open(page, path);
    for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
    for (const width of [1280, 390]) {
      await resize(page, width);
      const overflow = await pageOverflow(page);
      if (overflow > 0) problems.push(`${path} at ${width} px: the page scrolls sideways by ${overflow} px`);
    }
  }
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a member row opens the member: points history, account activity and every action', async ({ browser }) => {
  test.slow();
  const page = await signedInPage(browser, DEMO.admin.email, 1280);
  await open(page, '/admin/members');
  await page.getByLabel('Search members').fill('ingrid.larsen@example.com');
  await expect(page.getByText('Showing 1 of 1 member')).toBeVisible();
  await page.waitForLoadState('networkidle');
  // A click anywhere on the row opens it.
  await page.getByRole('row').filter({ hasText: 'ingrid.larsen@example.com' }).getByText('Cyberdyne Systems').click();
  const drawer = page.getByRole('dialog', { name: /Ingrid Larsen/ });
  await expect(drawer).toBeVisible({ timeout: 20_000 });
  await expect(page).toHaveURL(/member=/);
  for (const action of ['Edit profile', 'Change roles', 'Adjust points', 'Suspend'])
    await expect(drawer.getByRole('button', { name: action })).toBeVisible();
  await expect(drawer.getByRole('table', { name: /Points history of Ingrid Larsen/ })).toBeVisible();
  // The link opens the same member after a reload.
  await page.reload();
  await expect(page.getByRole('dialog', { name: /Ingrid Larsen/ })).toBeVisible({ timeout: 20_000 });
  await page.context().close();
});
