import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO, seriousViolations, signInUi } from './fixtures.js';

const MATCH = /^([\d,]+) of ([\d,]+) members? match(es)?$/;

/** The live count once it has settled: "12 of 40 members match" → [12, 40]. */
async function settledCount(live: Locator): Promise<{ text: string; count: number; total: number }> {
  await expect(live).toHaveAttribute('aria-busy', 'false');
  await expect(live).toHaveAttribute('data-status', 'ready');
  const text = (await live.getByText(MATCH).textContent())?.trim() ?? '';
  const m = MATCH.exec(text);
  expect(m, `count text "${text}"`).not.toBeNull();
  return { text, count: Number(m![1]!.replace(/,/g, '')), total: Number(m![2]!.replace(/,/g, '')) };
}

/** Add a "<field> is <value>" condition as the next row. */
async function addIsCondition(page: Page, n: number, field: string, value: string) {
  await page.getByRole('button', { name: 'Add condition' }).click();
  const row = page.getByRole('group', { name: `Condition ${n}` });
  await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await row.getByRole('combobox', { name: 'Field' }).click();
  await page.getByRole('option', { name: field, exact: true }).click();
  await expect(row.getByRole('combobox', { name: 'Operator' })).toHaveText('is');
  const input = row.getByRole('combobox', { name: 'Values' });
  await input.fill(value);
  // The suggestions list the input controls (the chip row is a listbox of its own).
  const suggestions = page.locator(`#${await input.getAttribute('aria-controls')}`);
  // The exact match comes first and is focused: Enter picks it (no scrolling, which closes the list).
  await expect(suggestions.getByRole('option').first()).toHaveAccessibleName(value);
  await input.press('Enter');
  await expect(row.getByText(value, { exact: true })).toBeVisible();
  await expect(input).toHaveValue('');
}

test('an admin builds a segment with a live count and targets a challenge at it', async ({ page }) => {
  test.slow();
  await page.goto('/login');
  await signInUi(page, DEMO.admin.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home);

  await page.getByRole('navigation').getByRole('link', { name: 'Segments' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Segments');
  await page.getByRole('button', { name: 'New segment' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New segment');
  // Unique per run, so the spec can be repeated against one database.
  const name = `Tech practitioners ${Date.now().toString(36)}`;
  await page.getByLabel('Segment name').fill(name);
  await page.getByLabel('Description').fill('Practitioners at technology companies');

  const live = page.locator('#segment-live-count');
  const everyone = await settledCount(live);
  expect(everyone.count).toBe(everyone.total);

  // An unfinished condition is not sent: the panel waits for it.
  await page.getByRole('button', { name: 'Add condition' }).click();
  await expect(live).toHaveAttribute('data-status', 'idle');
  await expect(live).toContainText('Finish condition 1');
  await page.getByRole('button', { name: 'Remove condition 1' }).click();

  await addIsCondition(page, 1, 'Industry', 'Technology');
  const tech = await settledCount(live);
  expect(tech.text).not.toMatch(/^0 of/);
  expect(tech.count).toBeLessThan(everyone.count);
  await expect(page.getByRole('list', { name: 'Matching members, for example' })).toContainText('Ada Lovelace');

  await addIsCondition(page, 2, 'Persona', 'Practitioner');
  const both = await settledCount(live);
  expect(both.text).not.toMatch(/^0 of/);
  expect(tech.count).toBeGreaterThanOrEqual(both.count);
  await expect(page.getByRole('list', { name: 'Matching members, for example' })).toContainText('Ada Lovelace');

  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(page).toHaveURL(/\/admin\/segments$/);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(2)).toHaveText(String(both.count));
  await expect(row).toContainText('Industry is “Technology” and Persona is “Practitioner”');

  await row.getByRole('button', { name: `Members of ${name}` }).click();
  const members = page.getByRole('dialog', { name: `Members of ${name}` });
  await expect(members.getByRole('list', { name: 'Segment members' })).toContainText('ada@demo.test');
  await members.getByRole('button', { name: 'Done' }).click();

  // A new draft challenge (nothing other specs use): target it at the segment and see its reach.
  const title = `Segment draft ${Date.now().toString(36)}`;
  const segmentsListed = page.waitForResponse(
    (r) => r.url().endsWith('/api/admin/segments') && r.request().method() === 'GET',
  );
  await page.goto('/admin/challenges/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New challenge');
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Stage title').fill('Say hello');
  const reach = page.locator('#audience-reach');
  await expect(reach).toHaveAttribute('aria-busy', 'false');
  await expect(reach).toHaveText(/^Reaches [\d,]+ of [\d,]+ members$/);

  // The picker's options are loaded (a list that grows while open moves under the pointer), and it
  // is centred: PrimeVue closes an open list when the page scrolls, as a click far down would.
  await segmentsListed;
  const picker = page.locator('[data-picker="includeSegmentIds"]');
  await picker.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await picker.getByRole('combobox', { name: 'Only for segments' }).press('Enter');
  // Narrowed to the one option, then picked with the keyboard from the filter box: a pointer click
  // can land while the opening list still moves under load, and then picks nothing.
  const find = page.getByRole('searchbox', { name: 'Find in only for segments' });
  await find.fill(name);
  const option = page.getByRole('option', { name: new RegExp(`^${name} \\(`) });
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(1);
  await expect(option).toHaveAttribute('aria-selected', 'false');
  await find.press('ArrowDown');
  await find.press('Enter');
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toContainText(name);
  await page.keyboard.press('Escape');
  await expect(reach).toHaveAttribute('aria-busy', 'false');
  await expect(reach).toHaveText(new RegExp(`^Reaches ${both.count} of [\\d,]+ members$`));

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/admin\/challenges\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue(title);
  await expect(picker).toContainText(name);
  expect(await seriousViolations(page, 'section[aria-labelledby="audience-title"]')).toEqual([]);
  await expect(reach).toHaveText(new RegExp(`^Reaches ${both.count} of [\\d,]+ members$`));

  // A segment a challenge targets cannot be deleted; the dialog names the challenge.
  await page.goto('/admin/segments');
  await expect(row).toContainText('1 challenge');
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete segment' });
  await expect(dialog).toContainText(title);
  await dialog.getByRole('button', { name: 'Delete segment' }).click();
  await expect(dialog.getByText(/still targets this segment/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
});

test('the segments list and editor have no serious accessibility violations and fit 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login');
  await signInUi(page, DEMO.admin.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home);

  await page.goto('/admin/segments');
  await expect(page.getByRole('button', { name: 'New segment' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Segments' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  await page.getByRole('button', { name: 'New segment' }).click();
  await addIsCondition(page, 1, 'Industry', 'Technology');
  await page.getByRole('button', { name: 'Add condition' }).click();
  const level = page.getByRole('group', { name: 'Condition 2' });
  await level.getByRole('combobox', { name: 'Field' }).click();
  await page.getByRole('option', { name: 'Level', exact: true }).click();
  await expect(page.locator('#segment-live-count')).toContainText('Finish condition 2');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect(level.getByText('Choose a level.')).toBeVisible();
  await expect(page.getByLabel('Segment name')).toBeFocused();
  await expect(page.locator('.p-select-overlay')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
