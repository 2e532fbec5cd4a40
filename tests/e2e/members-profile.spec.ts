import { expect, test } from '@playwright/test';
import { DEMO, shot, signIn } from './fixtures.js';

// Ingrid Larsen is one of the generated demo advocates; no other spec relies on her profile.
const MEMBER = { name: 'Ingrid Larsen', email: 'ingrid.larsen@example.com' };

test.use({ viewport: { width: 1440, height: 900 } });

test('an admin edits a member’s profile: a new tag and region are kept after a reload', async ({ page }) => {
  const tag = `e2e-${Date.now().toString(36)}`;
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/members');
  await page.getByLabel('Search members').fill(MEMBER.email);
  await expect(page.getByText('Showing 1 of 1 member')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: MEMBER.email });
  await expect(row).toHaveCount(1);
  const dialog = page.getByRole('dialog', { name: 'Edit profile' });
  // The popup menu closes when the table scrolls, so bring the button into view before opening it.
  const openEditProfile = async () => {
    const actions = row.getByRole('button', { name: `Actions for ${MEMBER.name}` });
    await actions.scrollIntoViewIfNeeded();
    await actions.click();
    await page.getByRole('menuitem', { name: 'Edit profile' }).click();
    await expect(dialog).toBeVisible();
  };

  await openEditProfile();
  await expect(dialog.getByLabel('Name')).toHaveValue(MEMBER.name);
  await dialog.getByLabel('Region').fill('Nordics');
  const tags = dialog.getByLabel('Tags');
  await tags.fill(tag);
  await tags.press('Enter');
  await tags.fill(tag); // a repeat is dropped
  await tags.press('Enter');
  await expect(dialog.getByText(tag, { exact: true })).toHaveCount(1);
  await expect(tags).toHaveValue('');
  await shot(page, 'member-profile', { fullPage: false });
  await dialog.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Profile updated')).toBeVisible();
  await expect(row.getByTestId('member-industry-region')).toHaveText(/Nordics/);

  await page.reload();
  await page.getByLabel('Search members').fill(MEMBER.email);
  await expect(page.getByText('Showing 1 of 1 member')).toBeVisible();
  await expect(row.getByTestId('member-industry-region')).toHaveText(/Nordics/);
  await openEditProfile();
  await expect(dialog.getByLabel('Region')).toHaveValue('Nordics');
  await expect(dialog.getByText(tag, { exact: true })).toBeVisible();
});
