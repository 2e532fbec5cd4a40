import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_PASSWORD, seriousViolations, signIn } from './fixtures.js';

// Radia Perlman is one of the generated demo advocates: she redeems nothing in the demo seed and no
// other spec relies on her. The tests set her balance to a known number first (through the admin
// API, not the admin screens), then spend it in order, so they run serially.
const MEMBER = { email: 'radia.perlman@example.com', name: 'Radia Perlman' };
const START = 2_100;

// The demo catalog (seeds/rewards.ts): costs and who must approve.
const COFFEE = { name: 'Coffee on us', cost: 300 }; // a code from a pool, no approval
const DONATION = { name: '$50 to Girls Who Code', cost: 2_000 }; // needs approval
const GIFT_CARD = { name: '$25 gift card', cost: 2_500 }; // out of reach at the start
const STICKERS = { name: 'Sticker pack', cost: 150 }; // a shipped item, no approval
const LOCKED = { name: '30 minutes with our CEO', level: 'Legend' };

const n = (v: number) => v.toLocaleString('en-US');
/** The header's "1,234 pts", not matched inside a larger number. */
const headerPoints = (v: number) => new RegExp(`(^|[^\\d,])${n(v)} pts`);

test.describe.configure({ mode: 'serial' });

// One signed-in page for the whole file: the tests follow on from each other (the balance).
let page: Page;

test.beforeAll(async ({ browser, playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const login = await api.post('/api/auth/login', { data: { email: DEMO.admin.email, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const found = await api.get(`/api/admin/members?q=${encodeURIComponent(MEMBER.email)}`);
  const member = ((await found.json()) as { members: { id: string; email: string; balance: number }[] }).members.find(
    (m) => m.email === MEMBER.email,
  );
  expect(member).toBeTruthy();
  const delta = START - member!.balance;
  if (delta !== 0) {
    const r = await api.post(`/api/admin/members/${member!.id}/adjustments`, {
      data: { points: delta, reason: 'Rewards e2e: a known starting balance' },
    });
    expect(r.ok()).toBe(true);
  }
  await api.dispose();

  page = await (await browser.newContext()).newPage();
  await signIn(page, MEMBER.email);
  await page.goto('/home');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Radia/, { timeout: 20_000 });
});

test.afterAll(async () => {
  await page?.context().close();
});

function card(page: Page, name: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function openReward(page: Page, name: string) {
  await page.goto('/rewards');
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('the catalog shows the balance, what is within reach, what is not and what is locked', async () => {
  await page.getByRole('link', { name: 'Rewards', exact: true }).first().click();
  await expect(page).toHaveURL(/\/rewards$/);
  await expect(page.getByRole('heading', { name: 'Rewards', level: 1 })).toBeVisible();
  await expect(page.getByTestId('rewards-balance')).toContainText(`${n(START)} points`);

  await expect(card(page, GIFT_CARD.name)).toContainText(`${n(GIFT_CARD.cost - START)} points to go`);
  await expect(card(page, COFFEE.name)).toContainText(`${n(COFFEE.cost)} points`);
  await expect(card(page, COFFEE.name)).not.toContainText('to go');
  await expect(card(page, LOCKED.name)).toContainText(`Reach ${LOCKED.level}`);

  await page.getByRole('tab', { name: /Affordable now/ }).click();
  await expect(page).toHaveURL(/tab=affordable/);
  await expect(page.getByRole('link', { name: COFFEE.name, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: GIFT_CARD.name, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: LOCKED.name, exact: true })).toHaveCount(0);

  expect(await seriousViolations(page)).toEqual([]);
});

test('a reward out of reach cannot be redeemed and says why', async () => {
  await openReward(page, GIFT_CARD.name);
  const redeem = page.getByRole('button', { name: `Redeem for ${n(GIFT_CARD.cost)} points` });
  await expect(redeem).toBeDisabled();
  await expect(page.getByTestId('redeem-reason')).toContainText(`${n(GIFT_CARD.cost - START)} more points`);
  expect(await seriousViolations(page)).toEqual([]);
});

test('a redemption that needs approval waits for it, and cancelling it gives the points back', async () => {
  await openReward(page, DONATION.name);
  await expect(page.getByText('The program team approves this before it’s sent.')).toBeVisible();
  await page.getByRole('button', { name: `Redeem for ${n(DONATION.cost)} points` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('balance-after')).toHaveText(`${n(START - DONATION.cost)} points`);
  await expect(dialog.getByLabel('Full name')).toHaveCount(0); // nothing to ship
  expect(await seriousViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Confirm redemption' }).click();

  const result = page.getByTestId('redeem-result');
  await expect(result).toContainText('Waiting for approval');
  await expect(result).toContainText(`New balance: ${n(START - DONATION.cost)} points`);
  await expect(page.getByTestId('points-balance')).toContainText(headerPoints(START - DONATION.cost));

  await result.getByRole('link', { name: 'See my redemptions' }).click();
  await expect(page.getByRole('heading', { name: 'My redemptions' })).toBeVisible();
  const item = page.getByRole('article').filter({ hasText: DONATION.name }).first();
  await expect(item).toContainText('Waiting for approval');
  await item.getByRole('button', { name: 'Cancel redemption' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cancel redemption' });
  await confirm.getByRole('button', { name: 'Cancel redemption' }).click();
  await expect(confirm).toBeHidden();
  await expect(item).toContainText('Cancelled');
  await expect(item).toContainText('Refunded');
  await expect(item.getByRole('button', { name: 'Cancel redemption' })).toHaveCount(0);
  await expect(page.getByTestId('points-balance')).toContainText(headerPoints(START));
});

test('a code reward is handed over at once and kept in my redemptions', async () => {
  await openReward(page, COFFEE.name);
  await page.getByRole('button', { name: `Redeem for ${n(COFFEE.cost)} points` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm redemption' }).click();

  const result = page.getByTestId('redeem-result');
  await expect(result).toContainText('Here is your code');
  const code = result.getByLabel('Your code');
  await expect(code).toHaveValue(/^COFFEE-/);
  const value = await code.inputValue();
  await expect(result.getByRole('button', { name: 'Copy code' })).toBeVisible();
  await expect(result).toContainText(`New balance: ${n(START - COFFEE.cost)} points`);
  expect(await seriousViolations(page)).toEqual([]);

  await result.getByRole('link', { name: 'See my redemptions' }).click();
  const item = page.getByRole('article').filter({ hasText: COFFEE.name }).first();
  await expect(item).toContainText('Fulfilled');
  await expect(item.getByLabel('Your code')).toHaveValue(value);
});

test('a shipped item asks for an address before it is redeemed', async () => {
  const before = START - COFFEE.cost;
  await openReward(page, STICKERS.name);
  await page.getByRole('button', { name: `Redeem for ${n(STICKERS.cost)} points` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Confirm redemption' }).click();
  await expect(dialog.getByText('Enter your full name.')).toBeVisible();
  await expect(dialog.getByLabel('Full name')).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);

  await dialog.getByLabel('Full name').fill(MEMBER.name);
  await dialog.getByLabel('Address line 1').fill('1 Spanning Tree Way');
  await dialog.getByLabel('City').fill('Boston');
  await dialog.getByLabel('State / region').fill('MA');
  await dialog.getByLabel('Postal code').fill('02110');
  await dialog.getByLabel('Country').fill('USA');
  await dialog.getByLabel('Note for the program team').fill('Thank you!');
  await dialog.getByRole('button', { name: 'Confirm redemption' }).click();

  const result = page.getByTestId('redeem-result');
  await expect(result).toContainText('Approved — we’ll be in touch');
  await expect(result).toContainText(`New balance: ${n(before - STICKERS.cost)} points`);
});

test('the rewards screens fit 360 px', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/rewards', '/rewards/mine']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('article').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  expect(await seriousViolations(page)).toEqual([]);
});
