import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, adminApi, seriousViolations, signIn } from './fixtures.js';

// Every reward here has a unique name: the suite shares one seeded database across spec files.
const suffix = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

async function startReward(page: Page, name: string, cost: number) {
  await page.goto('/admin/rewards');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rewards');
  await page.getByRole('link', { name: 'New reward' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New reward');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Cost (points)').fill(String(cost));
}

async function chooseType(page: Page, label: string) {
  await page.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: label }).click();
  await expect(page.locator('.p-select-overlay')).toHaveCount(0);
}

async function save(page: Page) {
  await page.getByRole('button', { name: 'Save reward' }).click();
  await expect(page).toHaveURL(/\/admin\/rewards\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit reward');
}

test('an admin creates a reward with a small stock and the catalog flags it as low on stock', async ({ page }) => {
  const name = `Conference pass ${suffix()}`;
  await signIn(page, DEMO.admin.email);
  await startReward(page, name, 750);
  await chooseType(page, 'Experience');
  await page.getByLabel('Stock', { exact: true }).fill('3');
  await page.getByLabel('Running-low alert at').fill('5');
  await save(page);

  await page.getByRole('link', { name: 'All rewards' }).click();
  await page.getByLabel('Search rewards').fill(name);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('750 pts');
  await expect(row).toContainText('Low stock: 3 left');
  await expect(row).toContainText('Draft');
});

test('an admin uploads codes to a new code reward and sees how many are left', async ({ page }) => {
  const name = `Streaming voucher ${suffix()}`;
  const code = (n: number) => `E2E-${name.split(' ')[2]}-${n}`.toUpperCase();
  await signIn(page, DEMO.admin.email);
  await startReward(page, name, 120);
  await chooseType(page, 'Code from a pool');
  await expect(page.getByLabel('Stock', { exact: true })).toHaveCount(0);
  await save(page);

  const pool = page.getByRole('region', { name: 'Code pool' });
  await expect(pool.getByTestId('code-pool-count')).toContainText('0 of 0 codes left');
  await pool.getByLabel('Codes', { exact: true }).fill(['code', code(1), code(2), code(3), code(2)].join('\n'));
  await pool.getByRole('button', { name: 'Upload codes' }).click();
  await expect(pool.getByText('Added 3 codes, skipped 1 duplicate.')).toBeVisible();
  await expect(pool.getByTestId('code-pool-count')).toContainText('3 of 3 codes left');

  // A file picked in the browser is read there and sent the same way.
  await pool.getByLabel('Codes file (.csv or .txt)').setInputFiles({
    name: 'codes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`code,batch\n${code(3)},a\n${code(4)},a\n${code(5)},b\n`),
  });
  await expect(pool.getByLabel('Codes', { exact: true })).toHaveValue(new RegExp(code(5)));
  await pool.getByRole('button', { name: 'Upload codes' }).click();
  await expect(pool.getByText('Added 2 codes, skipped 1 duplicate.')).toBeVisible();
  await expect(pool.getByTestId('code-pool-count')).toContainText('5 of 5 codes left');

  await page.goto('/admin/rewards');
  await page.getByLabel('Search rewards').fill(name);
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('5 codes left');
});

test('an admin declines a waiting redemption with a note and the points go back', async ({ page, baseURL }) => {
  const name = `Office hours ${suffix()}`;
  const admin = await adminApi(await playwrightRequest.newContext({ baseURL }));
  const created = await admin.post('/api/admin/rewards', {
    data: { name, type: 'experience', cost: 15, stock: null, needsApproval: true, status: 'published' },
  });
  expect(created.status()).toBe(201);
  const { reward } = (await created.json()) as { reward: { id: string } };

  // An advocate no other spec signs in as.
  const member = await playwrightRequest.newContext({ baseURL });
  expect(
    (
      await member.post('/api/auth/login', { data: { email: 'vint.cerf@example.com', password: DEMO_PASSWORD } })
    ).status(),
  ).toBe(200);
  const before = ((await (await member.get('/api/me')).json()) as { balance: number }).balance;
  const redeemed = await member.post(`/api/rewards/${reward.id}/redemptions`, {
    headers: { 'Idempotency-Key': `e2e-${suffix()}` },
    data: { note: 'Tuesday afternoons work best' },
  });
  expect(redeemed.status()).toBe(201);

  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/redemptions');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Redemptions');
  await expect(page.getByRole('tab', { name: /Waiting approval/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: 'Reward' }).click();
  await page.getByRole('option', { name }).click();
  const item = page.locator('article', { hasText: name });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Tuesday afternoons work best');

  await item.getByRole('button', { name: 'Decline' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('15 points go back to Vint Cerf.');
  await dialog.getByLabel('Reason').fill('Office hours are full this month.');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(item).toHaveCount(0);

  await page.getByRole('tab', { name: /Declined/ }).click();
  await expect(page.locator('article', { hasText: name })).toContainText('Office hours are full this month.');
  const after = ((await (await member.get('/api/me')).json()) as { balance: number }).balance;
  expect(after).toBe(before);
  await member.dispose();
  await admin.dispose();
});

test('a redemption approved while a search is still loading does not come back with the search', async ({
  page,
  baseURL,
}) => {
  const name = `Lunch with the team ${suffix()}`;
  const admin = await adminApi(await playwrightRequest.newContext({ baseURL }));
  const created = await admin.post('/api/admin/rewards', {
    data: { name, type: 'experience', cost: 5, stock: null, needsApproval: true, status: 'published' },
  });
  expect(created.status()).toBe(201);
  const { reward } = (await created.json()) as { reward: { id: string } };
  const member = await playwrightRequest.newContext({ baseURL });
  expect(
    (
      await member.post('/api/auth/login', { data: { email: 'linus.torvalds@example.com', password: DEMO_PASSWORD } })
    ).status(),
  ).toBe(200);
  const redeemed = await member.post(`/api/rewards/${reward.id}/redemptions`, {
    headers: { 'Idempotency-Key': `e2e-${suffix()}` },
    data: {},
  });
  expect(redeemed.status()).toBe(201);

  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/redemptions');
  const item = page.locator('article', { hasText: name });
  await expect(item).toHaveCount(1);

  // The search's answer is read from the server at once (the redemption still waiting) but
  // reaches the page only after the admin has approved it.
  let answered!: () => void;
  const read = new Promise<void>((resolve) => (answered = resolve));
  let deliver!: () => void;
  const delivered = new Promise<void>((resolve) => (deliver = resolve));
  let held = false;
  await page.route(/\/api\/admin\/redemptions\?.*q=/, async (route) => {
    if (held) return route.continue();
    held = true;
    const response = await route.fetch();
    answered();
    await delivered;
    await route.fulfill({ response });
  });
  await page.getByRole('search', { name: 'Filter redemptions' }).getByLabel('Search').fill(name);
  await read;
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(item).toHaveCount(0);
  const late = page.waitForResponse((r) => r.url().includes('q=') && r.url().includes('/api/admin/redemptions?'));
  deliver();
  await late;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect(item).toHaveCount(0);
  await page.getByRole('tab', { name: /Approved/ }).click();
  await expect(page.locator('article', { hasText: name })).toHaveCount(1);
  await member.dispose();
  await admin.dispose();
});

test('the rewards, reward editor and redemptions screens fit 360 px without serious accessibility problems', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, DEMO.admin.email);
  const check = async () => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  };

  await page.goto('/admin/rewards');
  await expect(page.getByRole('table', { name: 'Rewards' }).getByRole('link').first()).toBeVisible();
  await expect(page.getByText('Points outstanding')).toBeVisible();
  await check();

  await page.getByRole('link', { name: 'New reward' }).click();
  await chooseType(page, 'Code from a pool');
  await expect(page.getByRole('region', { name: 'Code pool' })).toContainText('Save the reward first');
  await check();

  await page.goto('/admin/redemptions?status=all');
  await expect(page.locator('[data-redemption-id]').first()).toBeVisible();
  await page.getByLabel('Select all shown').check();
  await expect(page.getByRole('region', { name: 'Selected redemptions' })).toBeVisible();
  await check();
});
