import { expect, test, type Page } from '@playwright/test';
import { DEMO, adminApi, signIn, uniqueEmail } from './fixtures.js';

// The whole life of two redemptions, in two browsers: a newcomer who joined with the event code
// (so untrusted: everything waits for approval) redeems a coffee code and a hoodie; the admin
// approves both and ships the hoodie; the advocate sees each status, the code and the tracking note.
test('an advocate redeems; an admin approves and fulfils in a second browser; the advocate sees status and code', async ({
  browser,
  request,
}) => {
  test.slow();
  const email = uniqueEmail('redeemer');
  const name = `Rae Redeemer ${email.slice(9, 13)}`;

  // 1. The advocate joins with the demo event code.
  const advocate = await (await browser.newContext()).newPage();
  await advocate.goto('/join?code=LUMEN-SUMMIT');
  await advocate.getByLabel('Email').fill(email);
  await advocate.getByLabel('Name').fill(name);
  await advocate.getByLabel('Password', { exact: true }).fill('rae-strong-password');
  await advocate.getByLabel('Confirm password').fill('rae-strong-password');
  await advocate.getByRole('button', { name: 'Create account' }).click();
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Rae/);

  // The program team thanks her with points (through the API: not what this test is about).
  const api = await adminApi(request);
  const found = await api.get(`/api/admin/members?q=${encodeURIComponent(email)}`);
  const { members } = (await found.json()) as { members: { id: string }[] };
  const adjusted = await api.post(`/api/admin/members/${members[0]!.id}/adjustments`, {
    data: { points: 2000, reason: 'Welcome gift from the Summit booth' },
  });
  expect(adjusted.status()).toBe(201);

  // 2. She redeems a coffee code and a hoodie; both wait for approval.
  const redeem = async (page: Page, reward: string, cost: string, fillShipping = false) => {
    await page.goto('/rewards');
    await page.getByRole('link', { name: reward, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(reward);
    await page.getByRole('button', { name: `Redeem for ${cost} points` }).click();
    const dialog = page.getByRole('dialog');
    if (fillShipping) {
      await dialog.getByLabel('Full name').fill(name);
      await dialog.getByLabel('Address line 1').fill('1 Summit Way');
      await dialog.getByLabel('City').fill('Lisbon');
      await dialog.getByLabel('Postal code').fill('1000-001');
      await dialog.getByLabel('Country').fill('Portugal');
    }
    await dialog.getByRole('button', { name: 'Confirm redemption' }).click();
    await expect(page.getByTestId('redeem-status')).toHaveText('Waiting for approval');
  };
  await redeem(advocate, 'Coffee on us', '300');
  await redeem(advocate, 'Lumen hoodie', '1,200', true);
  await expect(advocate.getByTestId('new-balance')).toContainText('500');

  // 3. The admin, in another browser, approves the coffee (the code goes out) and the hoodie,
  //    then marks the hoodie fulfilled with a tracking note.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, DEMO.admin.email);
  await admin.goto('/admin/redemptions');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Redemptions');
  await admin.getByRole('search', { name: 'Filter redemptions' }).getByLabel('Search').fill(email);
  const item = (reward: string) => admin.locator('article', { hasText: reward }).filter({ hasText: email });
  await expect(item('Coffee on us')).toContainText('Untrusted');
  await item('Coffee on us').getByRole('button', { name: 'Approve' }).click();
  await expect(item('Coffee on us')).toHaveCount(0);
  await item('Lumen hoodie').getByRole('button', { name: 'Approve' }).click();
  await expect(item('Lumen hoodie')).toHaveCount(0);

  await admin.getByRole('tab', { name: /Approved/ }).click();
  await expect(item('Lumen hoodie')).toContainText('1 Summit Way');
  await item('Lumen hoodie').getByRole('button', { name: 'Mark fulfilled' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Tracking or fulfilment note').fill('Shipped with CTT, tracking RR123456789PT');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await admin.getByRole('tab', { name: /Fulfilled/ }).click();
  await expect(item('Lumen hoodie')).toContainText('RR123456789PT');
  // Fulfilled: the address is no longer kept.
  await expect(item('Lumen hoodie')).not.toContainText('1 Summit Way');
  await expect(item('Coffee on us')).toContainText(/COFFEE-[0-9A-F-]+/);

  // 4. The advocate sees both as fulfilled, the coffee code and the tracking note.
  await advocate.goto('/rewards/mine');
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText('My redemptions');
  const mine = (reward: string) => advocate.locator('article', { hasText: reward });
  await expect(mine('Coffee on us')).toContainText('Fulfilled');
  await expect(mine('Coffee on us').getByLabel('Your code')).toHaveValue(
    /^COFFEE-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/,
  );
  await expect(mine('Lumen hoodie')).toContainText('Fulfilled');
  await expect(mine('Lumen hoodie')).toContainText('RR123456789PT');
  await expect(advocate.getByRole('button', { name: /Notifications, [1-9]\d* unread/ })).toBeVisible();

  await advocate.context().close();
  await admin.context().close();
});
