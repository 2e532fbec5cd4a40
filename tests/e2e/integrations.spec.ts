import { expect, test } from '@playwright/test';
import { DEMO, seriousViolations, shot, signIn, uniqueEmail } from './fixtures.js';

test('an admin creates an API key, imports members (one bad row) and events from CSV', async ({ page }) => {
  await signIn(page, DEMO.admin.email);

  // An API key: the secret is shown once.
  await page.goto('/admin/integrations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Integrations');
  const keyName = `Event platform ${Date.now().toString(36)}`;
  await page.getByLabel('Name').fill(keyName);
  await expect(page.getByLabel('events:write')).toBeChecked();
  await page.getByLabel('members:write').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = page.getByTestId('integration-key-secret').getByRole('textbox');
  await expect(secret).toHaveValue(/^ahk_[0-9a-f]{12}_/);
  const keys = page.getByRole('list', { name: 'API keys' });
  await expect(keys.getByRole('listitem').filter({ hasText: keyName })).toContainText('events:write, members:write');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'integrations-key-created');
  await page.reload();
  await expect(page.getByTestId('integration-key-secret')).toHaveCount(0);
  await expect(keys.getByRole('listitem').filter({ hasText: keyName })).toContainText('last used never');

  // Members from CSV: a dry run shows the bad row, apply creates the others.
  const a = uniqueEmail('import-a');
  const b = uniqueEmail('import-b');
  const membersCsv = [
    'email,name,company,products,tags,roles',
    `${a},Amara Import,Northwind,Analytics;CRM,beta,advocate`,
    `not-an-email,Broken Row,,,,`,
    `${b},Bruno Import,Contoso,Billing,,advocate`,
  ].join('\n');
  await page.goto('/admin/members');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import members from CSV' });
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'members.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(membersCsv),
  });
  await dialog.getByRole('button', { name: 'Check file (dry run)' }).click();
  const summary = dialog.getByTestId('csv-import-members-summary');
  await expect(summary).toContainText('Dry run, nothing written: 3 rows, 2 ok, 1 with errors');
  await expect(dialog.getByRole('row').filter({ hasText: 'Broken Row' })).toContainText('imports.invalid_email');
  await expect(dialog.getByRole('button', { name: 'Download error report' })).toBeVisible();
  expect(await seriousViolations(page, { include: '[role="dialog"]' })).toEqual([]);
  await shot(page, 'members-import-dry-run');
  await dialog.getByRole('button', { name: 'Apply 2 valid rows' }).click();
  await expect(summary).toContainText('Applied: 3 rows, 2 ok, 1 with errors; 2 new');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Search members').fill('import-a');
  await expect(page.getByRole('row').filter({ hasText: 'Amara Import' })).toBeVisible();

  // Events and points from CSV: dry run, then apply; the log shows them.
  const eventsCsv = [
    'email,type,points,reason,idempotency_key',
    `${a},points.award,120,Spoke at the user conference,`,
    `${b},points.award,40,Answered the NPS survey,`,
    `${uniqueEmail('nobody')},points.award,10,Unknown member,`,
  ].join('\n');
  await page.goto('/admin/integrations');
  const importer = page.getByRole('region', { name: 'Import events and points' });
  await importer.getByLabel('CSV file').setInputFiles({
    name: 'events.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(eventsCsv),
  });
  await importer.getByRole('button', { name: 'Check file (dry run)' }).click();
  const eventsSummary = importer.getByTestId('csv-import-events-summary');
  await expect(eventsSummary).toContainText('3 rows, 2 ok, 1 with errors');
  await expect(importer.getByRole('row').filter({ hasText: 'Unknown member' })).toContainText(
    'events.member_not_found',
  );
  await expect(importer.getByRole('row').filter({ hasText: 'user conference' })).toContainText(
    'will apply: 120 points',
  );
  await importer.getByRole('button', { name: 'Apply 2 valid rows' }).click();
  await expect(eventsSummary).toContainText('Applied: 3 rows, 2 ok');
  const log = page.getByRole('region', { name: 'Events log' });
  await expect(log.getByRole('row').filter({ hasText: a })).toContainText('120 points');
  await expect(log.getByRole('row').filter({ hasText: a })).toContainText('Applied');
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'integrations-events-imported');
});

test('the integrations page fits a 390 px phone', async ({ page }) => {
  await signIn(page, DEMO.admin.email);
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto('/admin/integrations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Integrations');
  await expect(page.getByRole('region', { name: 'Events log' }).getByText('Webinar platform').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'integrations-phone');
});
