import { expect, test, type Page } from '@playwright/test';
import { DEMO, seriousViolations, shot, signIn, uniqueEmail } from './fixtures.js';

const LOAD = { timeout: 20_000 };

/** No part of the page is wider than the viewport (nothing to scroll sideways). */
async function fitsWidth(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(client);
}

test('a new advocate sees what to do next and puts the "how it works" explainer away for good', async ({ page }) => {
  const email = uniqueEmail('home');
  const joined = await page.request.post('/api/auth/join', {
    data: { code: 'LUMEN-SUMMIT', email, name: 'Nova Home', password: 'live-strong-password' },
  });
  expect(joined.status(), await joined.text()).toBeLessThan(300);

  await page.goto('/home');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Nova', LOAD);
  const next = page.getByTestId('home-do-next');
  await expect(next.getByRole('heading', { name: 'Do this next' })).toBeVisible();
  const items = next.getByTestId('home-next-item');
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeLessThanOrEqual(3);
  await expect(page.getByTestId('home-streak-weeks')).toHaveText('0 weeks');
  expect(await seriousViolations(page, { tags: null })).toEqual([]);

  const intro = page.getByTestId('home-intro');
  await expect(intro).toBeVisible();
  await intro.getByRole('button', { name: /Got it/ }).click();
  await expect(intro).toHaveCount(0);
  await page.reload();
  await expect(next.getByTestId('home-next-item').first()).toBeVisible(LOAD);
  await expect(page.getByTestId('home-intro')).toHaveCount(0);

  // The first suggestion is one tap away.
  const first = (await items.first().locator('.font-semibold').first().textContent())!.trim();
  await items.first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first, LOAD);
});

test('home and profile fit a phone and a desktop', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, DEMO.advocate.email);
  await page.goto('/home');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.advocate.home, LOAD);
  await expect(page.getByTestId('home-do-next')).toBeVisible(LOAD);
  await expect(page.getByTestId('home-level')).toBeVisible();
  await fitsWidth(page);
  await shot(page, 'advocate-home-phone');

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'About you' })).toBeVisible(LOAD);
  await fitsWidth(page);
  expect(await seriousViolations(page, { tags: null })).toEqual([]);
  await shot(page, 'profile-phone');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/home');
  await expect(page.getByTestId('home-do-next')).toBeVisible(LOAD);
  await expect(page.getByTestId('home-rank-card')).toBeVisible();
  await fitsWidth(page);
  await shot(page, 'advocate-home');
  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'About you' })).toBeVisible(LOAD);
  await shot(page, 'profile');
  await context.close();
});

test('an admin views the hub as an advocate and back', async ({ page }) => {
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home, LOAD);
  // Without the switch, the advocate side is not theirs.
  await page.goto('/challenges');
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Challenges', LOAD);

  await page.goto('/admin');
  await page.getByLabel('View as advocate').first().click();
  await expect(page).toHaveURL(/\/home$/, LOAD);
  await expect(page.getByTestId('advocate-view-banner')).toBeVisible();
  await expect(page.getByTestId('home-do-next')).toBeVisible(LOAD);
  // No points, level or streak of their own: staff do not collect them.
  await expect(page.getByTestId('home-level')).toHaveCount(0);
  await expect(page.getByTestId('home-streak')).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Challenges' }).first().click();
  await expect(page).toHaveURL(/\/challenges$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges', LOAD);

  await page.getByTestId('advocate-view-banner').getByRole('button', { name: 'Back to my view' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home, LOAD);
  await expect(page.getByTestId('advocate-view-banner')).toHaveCount(0);
});
