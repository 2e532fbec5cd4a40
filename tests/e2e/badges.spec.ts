import { expect, test, type Page } from '@playwright/test';
import { DEMO, signIn } from './fixtures.js';

// The suite shares one seeded database: these badges get unique names, and no seeded badge is changed.

async function openBadges(page: Page) {
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/badges');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Badges');
}

async function startBadge(page: Page, name: string, rule: string) {
  await page.getByRole('button', { name: 'New badge' }).click();
  const editor = page.getByRole('dialog', { name: 'New badge' });
  await editor.getByLabel('Badge name').fill(name);
  await editor.getByRole('combobox', { name: 'Rule' }).click();
  await page.getByRole('option', { name: rule }).click();
  return editor;
}

test('an admin creates a rule badge, sees who would get it live, and it is backfilled on save', async ({ page }) => {
  const name = `Getting started ${Date.now().toString(36)}`;
  await openBadges(page);

  const editor = await startBadge(page, name, 'A number of completions');
  // 1 completion of any kind: the demo history has plenty.
  await expect(editor.getByLabel('Completions')).toHaveValue('1');
  await expect(editor.getByText(/^[1-9][\d,]* members? would get it now$/)).toBeVisible();
  await editor.getByRole('button', { name: 'Save badge' }).click();

  await expect(page.getByText(/^Awarded to [1-9][\d,]* members? who already qualif(y|ies)\.$/)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('1 completion of any kind');
  await expect(row.getByRole('cell').nth(2)).toHaveText(/^[1-9][\d,]*$/);
});

test('an admin awards a hand-awarded badge to an advocate with a reason', async ({ page }) => {
  const name = `Meetup host ${Date.now().toString(36)}`;
  await openBadges(page);

  const editor = await startBadge(page, name, 'Awarded by hand');
  await expect(editor.getByRole('status')).toContainText('Nobody gets it automatically');
  await editor.getByRole('button', { name: 'Save badge' }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Awarded by hand');

  await row.getByRole('button', { name: 'Holders' }).click();
  const holders = page.getByRole('dialog', { name: `Holders of ${name}` });
  await expect(holders.getByText('Nobody holds this badge yet.')).toBeVisible();
  await holders.getByRole('button', { name: 'Award by hand' }).click();
  // The picker searches as you type: pick only once the answer for the whole query is shown, and
  // check the pick took (a late answer to an earlier keystroke can replace the list).
  const picker = holders.getByRole('combobox', { name: 'Member' });
  await expect(async () => {
    await picker.fill('lynn.conway');
    await page.getByRole('option', { name: /Lynn Conway/ }).click({ timeout: 3_000 });
    await expect(picker).toHaveValue('Lynn Conway', { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await holders.getByLabel('Reason').fill('Hosted the Berlin meetup');
  await holders.getByRole('button', { name: 'Award', exact: true }).click();

  const list = holders.getByRole('list', { name: 'Badge holders' });
  await expect(list.getByRole('listitem').filter({ hasText: 'Lynn Conway' })).toContainText('Hosted the Berlin meetup');
  await holders.getByRole('button', { name: 'Done' }).click();
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
});
