import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './fixtures.js';

test('an admin creates a group, adds a member and deletes the group from the groups screen', async ({ page }) => {
  const name = `Meetup crew ${Date.now().toString(36)}`;
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/groups');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Groups');
  await page.getByRole('button', { name: 'New group' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create group' }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Members of ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Find members').fill('ada@demo');
  await dialog.getByRole('button', { name: 'Add Ada Lovelace' }).click();
  await expect(dialog.getByRole('button', { name: 'Remove Ada Lovelace' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(row).toContainText('1');

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
  await expect(row).toHaveCount(0);
});
