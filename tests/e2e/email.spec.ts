import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminApi, DEMO, seriousViolations, signInUi, uniqueEmail } from './fixtures.js';

/** Without SMTP_URL the hub keeps its emails in the outbox: read the newest one to `to` of `kind` there. */
async function storedEmail(admin: APIRequestContext, to: string, kind: string) {
  let id = '';
  await expect
    .poll(async () => {
      const r = await admin.get(`/api/admin/email/messages?q=${encodeURIComponent(to)}`);
      const found = (await r.json()).messages.find((m: { kind: string; status: string }) => m.kind === kind);
      id = found?.status === 'stored' ? found.id : '';
      return id;
    })
    .not.toBe('');
  return (await (await admin.get(`/api/admin/email/messages/${id}`)).json()).message as {
    text: string;
    subject: string;
  };
}

test('a member who forgot their password gets a link and chooses a new one', async ({ page, request }) => {
  test.slow();
  const admin = await adminApi(request);
  const email = uniqueEmail('forgetful');
  const invite = await admin.post('/api/admin/invites', { data: { email, sendEmail: false } });
  const token = (await invite.json()).inviteUrl.split('/').pop();
  const accepted = await admin.post('/api/auth/invites/accept', {
    data: { token, name: 'Fay Forgetful', password: 'first-password-123' },
  });
  expect(accepted.status()).toBe(201);
  await adminApi(request);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const mail = await storedEmail(admin, email, 'password_reset');
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(mail.text)![0];
  await page.goto(new URL(link).pathname);
  await page.getByLabel('Password', { exact: true }).fill('second-password-456');
  await page.getByLabel('Confirm password').fill('second-password-456');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('heading', { name: 'Your password is changed' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to sign in' }).click();
  await signInUi(page, email, 'second-password-456');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Fay/);
});

test('an admin reads a stored email in the outbox, its HTML in a sandboxed frame', async ({ page, request }) => {
  const admin = await adminApi(request);
  const email = uniqueEmail('outbox');
  await admin.post('/api/admin/invites', { data: { email } });
  const mail = await storedEmail(admin, email, 'invite');

  await page.goto(`/admin/outbox`);
  await signInUi(page, DEMO.admin.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Outbox');
  await expect(page.getByRole('link', { name: 'Outbox' })).toBeVisible();
  await page.getByLabel('Recipient').fill(email);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Stored');
  await row.getByRole('button', { name: /Open the message/ }).click();
  const dialog = page.getByRole('dialog', { name: mail.subject });
  await expect(dialog.locator('iframe')).toHaveAttribute('sandbox', '');
  await expect(page.frameLocator('iframe').getByRole('link', { name: 'Accept the invitation' })).toBeVisible();
});
