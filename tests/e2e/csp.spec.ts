import { expect, test, type Page } from '@playwright/test';
import { DEMO, signInUi } from './fixtures.js';

// The hub's Content-Security-Policy (no 'unsafe-eval', no inline scripts) must hold for the app's
// own code: a page that breaks it reports a violation on every load (zod's JIT probe `new Function`
// did so wherever the rewards chunk was loaded).

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
}

/** Collects the page's `securitypolicyviolation` events and CSP console errors, across full loads. */
async function watchCsp(page: Page) {
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  await page.exposeFunction('__reportCspViolation', (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(v: Violation): void }).__reportCspViolation({
        page: location.pathname,
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
      });
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|unsafe-eval/i.test(msg.text()))
      consoleErrors.push(`${new URL(page.url()).pathname}: ${msg.text()}`);
  });
  return { violations, consoleErrors };
}

async function visit(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading, { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

async function signIn(page: Page, email: string, home: RegExp) {
  await page.goto('/login');
  await signInUi(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(home, { timeout: 20_000 });
}

test('an advocate browses the rewards pages without a single Content-Security-Policy violation', async ({ page }) => {
  const csp = await watchCsp(page);
  await signIn(page, DEMO.advocate.email, DEMO.advocate.home);
  const catalog = await page.request.get('/api/rewards');
  expect(catalog.ok()).toBe(true);
  const [reward] = ((await catalog.json()) as { rewards: { id: string; name: string }[] }).rewards;
  expect(reward).toBeTruthy();

  await visit(page, '/rewards', 'Rewards');
  await visit(page, `/rewards/${reward!.id}`, reward!.name);
  await visit(page, '/rewards/mine', 'My redemptions');
  await visit(page, '/challenges', 'Challenges');

  expect(csp.violations).toEqual([]);
  expect(csp.consoleErrors).toEqual([]);
});

test('an admin works through the rewards screens without a single Content-Security-Policy violation', async ({
  page,
}) => {
  const csp = await watchCsp(page);
  await signIn(page, DEMO.admin.email, DEMO.admin.home);

  await visit(page, '/admin/rewards', 'Rewards');
  await visit(page, '/admin/rewards/new', 'New reward');
  await visit(page, '/admin/redemptions', 'Redemptions');

  expect(csp.violations).toEqual([]);
  expect(csp.consoleErrors).toEqual([]);
});
