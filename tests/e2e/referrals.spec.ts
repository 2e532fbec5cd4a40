import { expect, test } from '@playwright/test';
import { DEMO, signInUi } from './fixtures.js';

// Not Ada (other specs start her at a known balance) and no other spec's member.
const ADVOCATE = { email: 'kwame.mensah@example.com', name: 'Kwame Mensah' };

test('an advocate refers someone, the admin advances the referral and releases a held one; points land', async ({
  browser,
}) => {
  const tag = Date.now().toString(36);
  const prospect = { name: `Jordan Avery ${tag}`, email: `jordan.${tag}@acme-${tag}.example` };

  const advocate = await browser.newPage();
  await advocate.goto('/login');
  await signInUi(advocate, ADVOCATE.email);
  await advocate.getByRole('link', { name: 'Refer someone' }).first().click();
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText('Refer someone');
  const form = advocate.getByTestId('refer-form');
  await form.getByLabel('Their name').fill(prospect.name);
  await form.getByLabel('Their work email').fill(prospect.email);
  await form.getByLabel('Company', { exact: false }).fill('Acme');
  await form.getByRole('button', { name: 'Send referral' }).click();
  await expect(form.getByText('Confirm that they agreed to be contacted.')).toBeVisible();
  await form.getByLabel('They agreed that the team may contact them about this.').check();
  await form.getByRole('button', { name: 'Send referral' }).click();
  const mine = advocate.getByTestId('my-referrals').getByRole('listitem').filter({ hasText: prospect.name });
  await expect(mine).toContainText('Submitted');
  await expect(mine).toContainText('25 points');

  const admin = await browser.newPage();
  await admin.goto('/login');
  await signInUi(admin, DEMO.admin.email);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home);
  await admin.goto('/admin/referrals');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Referrals');
  await admin.getByLabel('Search').fill(tag);
  await expect(admin.getByRole('row')).toHaveCount(2); // the header and the one match: the search has run
  const row = admin.getByRole('row').filter({ hasText: prospect.name });
  await row.getByLabel(`Stage of ${prospect.name}`).click();
  await admin.getByRole('option', { name: 'Qualified' }).click();
  await row.getByRole('button', { name: 'Move' }).click();
  await expect(row).toContainText('175 points'); // 25 when submitted + 50 contacted + 100 qualified
  await expect(row).toContainText('Qualified');

  // The demo's held referral (a disposable email) shows why it is held, and is released.
  await admin.getByLabel('Search').fill('mailinator');
  await expect(admin.getByRole('row')).toHaveCount(2);
  const held = admin.getByRole('row').filter({ hasText: 'Quick Lead' });
  await expect(held).toContainText('Disposable email');
  await held.getByRole('button', { name: 'Release' }).click();
  await expect(held.getByRole('button', { name: 'Release' })).toHaveCount(0);

  // Rules, campaigns and API keys.
  await admin.getByRole('link', { name: 'Rules, campaigns and API keys' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Referral settings');
  await expect(admin.getByTestId('rules-form')).toContainText('domains on the list');
  await admin.getByLabel('Name', { exact: true }).last().fill(`CRM ${tag}`);
  await admin.getByRole('button', { name: 'Create key' }).click();
  await expect(admin.getByTestId('api-key-secret').getByRole('textbox')).toHaveValue(/^ahk_/);

  // The personal link: someone without an account leaves their details on its landing page.
  const link = await advocate.getByLabel('Your link').inputValue();
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(new URL(link).pathname);
  await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('Kwame thought you should hear from us');
  const landing = stranger.getByTestId('landing-form');
  await landing.getByLabel('Your name').fill(`Sam Rivera ${tag}`);
  await landing.getByLabel('Your work email').fill(`sam.${tag}@rivera-${tag}.example`);
  await landing.getByLabel('I agree that the team may contact me about this.').check();
  await landing.getByRole('button', { name: 'Send my details' }).click();
  await expect(stranger.getByRole('heading', { level: 1 })).toContainText('Thank you!');

  await advocate.reload();
  await expect(advocate.getByTestId('my-referrals')).toContainText(`Sam Rivera ${tag}`);
  await expect(
    advocate.getByTestId('my-referrals').getByRole('listitem').filter({ hasText: prospect.name }),
  ).toContainText('175 points');
});
