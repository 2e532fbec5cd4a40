import { expect, test } from '@playwright/test';
import { DEMO, seriousViolations, shot, signIn } from './fixtures.js';

test('the login page offers the demo connection and explains a refused single sign-on', async ({ page }) => {
  await page.goto('/login');
  const button = page.getByRole('link', { name: 'Sign in with Lumen Okta' });
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute('href', /^\/api\/auth\/sso\/[0-9a-f-]{36}\/start$/);
  // Password sign-in is still one button, the one the form submits.
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'sso-login');

  // The demo IdP does not exist: the hub sends the browser back with a reason, never an error page.
  await button.click();
  await expect(page).toHaveURL(/\/login\?error=sso\.unavailable$/);
  await expect(page.getByRole('alert')).toContainText('This sign-in option is not available right now');

  await page.goto('/login?error=sso.not_provisioned');
  await expect(page.getByRole('alert')).toContainText('You do not have an account in this hub yet');
  await shot(page, 'sso-login-error');
});

test('the admin sees the connection with the URLs for the IdP and creates a SCIM token', async ({ page }) => {
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Single sign-on' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Single sign-on');
  const card = page.getByRole('article', { name: 'Lumen Okta' });
  await expect(card.getByLabel('Redirect URI (callback)')).toHaveValue(/\/api\/auth\/sso\/[0-9a-f-]{36}\/callback$/);
  await expect(card).toContainText('no secret (public client)');
  await expect(page.getByLabel('SCIM base URL')).toHaveValue(/\/scim\/v2$/);

  const keyName = `Okta SCIM ${Date.now().toString(36)}`;
  await page.getByLabel('Key name').fill(keyName);
  await page.getByRole('button', { name: 'Create SCIM token' }).click();
  await expect(page.getByLabel('Your new SCIM token (shown once)')).toHaveValue(/^ahk_/);
  const tokens = page.getByRole('list', { name: 'SCIM tokens' });
  await expect(tokens).toContainText(keyName);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'sso-admin');
  await tokens.getByRole('button', { name: `Revoke ${keyName}` }).click();
  await expect(page.getByText(keyName)).toHaveCount(0);

  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a sign-in connection' });
  await dialog.getByLabel('Protocol').click();
  await page.getByRole('option', { name: 'SAML 2.0' }).click();
  await expect(dialog.getByLabel('IdP signing certificate (PEM)')).toBeVisible();
  expect(await seriousViolations(page, { include: '[role="dialog"]' })).toEqual([]);
  await shot(page, 'sso-admin-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await expect(dialog.getByText('Name the button, such as Okta.')).toBeVisible();
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
});
