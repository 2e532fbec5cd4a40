import { expect, test, type Locator, type Page } from '@playwright/test';
import crypto from 'node:crypto';
import { DEMO, seriousViolations, shot, signIn } from './fixtures.js';

// The suite shares one seeded database: seasons and event boards made here get unique names.

/** Picks a date in a CommonDateTimeField's calendar: today (`Today`), or day 15 some months ahead. */
async function pickDate(page: Page, field: Locator, monthsAhead: number, away: Locator) {
  await field.click();
  const panel = page.locator('.p-datepicker-panel').last();
  await expect(panel).toBeVisible();
  if (monthsAhead === 0) {
    await panel.getByRole('button', { name: 'Today' }).click();
  } else {
    for (let i = 0; i < monthsAhead; i++) await panel.getByRole('button', { name: /next month/i }).click();
    await panel.locator('td:not(.p-datepicker-other-month)').getByText('15', { exact: true }).click();
  }
  // Close the calendar with a click outside it (Escape would close the dialog too): on the modal
  // mask in the page's corner, which the calendar never covers and which does not close the dialog.
  await expect(async () => {
    if (await panel.isVisible()) await page.mouse.click(3, 3);
    await expect(panel).toBeHidden({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(away).toBeVisible();
  await expect(field).not.toHaveValue('');
}

test('an admin adds a season and an event board from a join code, then opens the event wall with its QR code', async ({
  page,
}) => {
  test.slow();
  const tag = crypto.randomBytes(3).toString('hex');
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home, { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Leaderboards' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaderboards');

  // A season.
  const season = `Spring ${tag}`;
  await page.getByRole('button', { name: 'New season' }).click();
  let dialog = page.getByRole('dialog', { name: 'New season' });
  await dialog.getByLabel('Name').fill(season);
  await pickDate(page, dialog.getByLabel('Starts'), 0, dialog);
  await pickDate(page, dialog.getByLabel('Ends'), 2, dialog);
  await dialog.getByRole('button', { name: 'Add season' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Seasons' })).toContainText(season);

  // An event board from the demo event's join code.
  const event = `Summit night ${tag}`;
  await page.getByRole('button', { name: 'New event board' }).click();
  dialog = page.getByRole('dialog', { name: 'New event board' });
  await dialog.getByLabel('Name').fill(event);
  await dialog.getByRole('combobox', { name: 'Join code' }).click();
  await page.getByRole('option', { name: /LUMEN-SUMMIT/ }).click();
  await pickDate(page, dialog.getByLabel('Starts'), 0, dialog);
  await pickDate(page, dialog.getByLabel('Ends'), 2, dialog);
  await dialog.getByRole('button', { name: 'Add event board' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('table', { name: 'Event boards' }).getByRole('row').filter({ hasText: event });
  await expect(row).toContainText('LUMEN-SUMMIT');
  await shot(page, 'lb-admin');

  // The season is a period of the leaderboard.
  await page.goto('/leaderboard');
  await expect(page.getByRole('tab', { name: season })).toBeVisible();

  // The wall: full screen, the event's name, the join code in large text and a QR code.
  await page.goto('/admin/leaderboards');
  await page.getByRole('link', { name: `Open the wall of ${event}` }).click();
  await expect(page).toHaveURL(/\/wall\/event:[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(event);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByTestId('wall-join-code')).toHaveText('LUMEN-SUMMIT');
  await expect(page.getByRole('img', { name: /QR code to join/ })).toBeVisible();
  await expect(page.getByTestId('wall-join-url')).toContainText('LUMEN-SUMMIT');

  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'lb-wall-event', { fullPage: false });
});

test('the global wall has no join code, and no serious axe violations', async ({ page }) => {
  await signIn(page, DEMO.admin.email);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/wall/global');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Everyone');
  await expect(page.getByTestId('wall-row').first()).toBeVisible();
  await expect(page.getByTestId('wall-qr')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'lb-wall-global', { fullPage: false });
});
