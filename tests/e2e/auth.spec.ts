import { expect, test } from '@playwright/test';
import { adminApi, DEMO, DEMO_PASSWORD, seriousViolations, signIn, signInUi, uniqueEmail } from './fixtures.js';

test.describe('demo accounts', () => {
  for (const [role, account] of Object.entries(DEMO)) {
    test(`the demo ${role} signs in and lands on the ${role} home`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/login/);
      await signInUi(page, account.email);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(account.home);
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(account.home);
    });
  }

  test('a wrong password is announced and keeps the member on the sign-in page', async ({ page }) => {
    await page.goto('/login');
    await signInUi(page, DEMO.advocate.email, 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: /do not match/i })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });
});

test('invite → accept → sign in', async ({ page, browser }) => {
  // Two people, three password hashes (argon2id) and eight page loads: ~15 s alone, over 30 s on a
  // 2-core CI machine running the other worker and the hub at once.
  test.slow();
  const email = uniqueEmail('invitee');
  // The admin's side is not what this test is about: signed in through the API.
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/members');
  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill('Nia Newcomer');
  await dialog.getByRole('button', { name: 'Send invite' }).click();
  const link = dialog.getByLabel('Invite link');
  await expect(link).toHaveValue(/\/invite\/[\w-]{40,}$/);
  const inviteUrl = await link.inputValue();

  const guest = await browser.newContext();
  const invitee = await guest.newPage();
  await invitee.goto(new URL(inviteUrl).pathname);
  await expect(invitee.getByLabel('Name')).toHaveValue('Nia Newcomer');
  await invitee.getByLabel('Password', { exact: true }).fill('nia-strong-password');
  await invitee.getByLabel('Confirm password').fill('nia-strong-password');
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Nia/);

  await invitee.getByRole('button', { name: 'Sign out' }).click();
  await expect(invitee).toHaveURL(/\/login/);
  await signInUi(invitee, email, 'nia-strong-password');
  await expect(invitee.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Nia/);

  // The same link cannot be used twice.
  await invitee.goto(new URL(inviteUrl).pathname);
  await expect(invitee.getByText(/already been used/i)).toBeVisible();
  await guest.close();

  // The admin sees the new member as active.
  await page.goto('/admin/members');
  await page
    .getByRole('searchbox')
    .or(page.getByLabel(/search/i))
    .first()
    .fill(email);
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText(/active/i);
});

test('join with a code', async ({ page, request }) => {
  const api = await adminApi(request);
  const created = await api.post('/api/admin/join-codes', { data: { label: 'E2E meetup', maxUses: 10 } });
  expect(created.status()).toBe(201);
  const { joinCode } = await created.json();

  await page.goto(`/join?code=${joinCode.code}`);
  await expect(page.getByLabel('Join code')).toHaveValue(joinCode.code);
  await page.getByLabel('Email').fill(uniqueEmail('joiner'));
  await page.getByLabel('Name').fill('Jo Joiner');
  await page.getByLabel('Password', { exact: true }).fill('jo-strong-password');
  await page.getByLabel('Confirm password').fill('jo-strong-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Jo/);
});

test('an expired session goes to sign-in, then back where the member was', async ({ page, context }) => {
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.admin.home);
  await context.clearCookies();
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/login\?redirect=%2Fadmin%2Faudit|\/login\?redirect=\/admin\/audit/);
  await signInUi(page, DEMO.admin.email);
  await expect(page).toHaveURL(/\/admin\/audit$/);
});

test('a suspended member is signed out and told why', async ({ page, request }) => {
  const api = await adminApi(request);
  const email = uniqueEmail('suspendee');
  const inv = await api.post('/api/admin/invites', { data: { email, name: 'Sue Spended' } });
  const token = (await inv.json()).inviteUrl.split('/').pop();
  const acc = await page.request.post('/api/auth/invites/accept', {
    data: { token, name: 'Sue Spended', password: 'sue-strong-password' },
  });
  expect(acc.status()).toBe(201);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Sue/);

  const memberId = (await acc.json()).member.id;
  expect((await api.post(`/api/admin/members/${memberId}/suspend`, { data: { reason: 'e2e' } })).status()).toBe(200);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login/);
  await signInUi(page, email, 'sue-strong-password');
  await expect(page.getByRole('alert').filter({ hasText: /suspended/i })).toBeVisible();
});

test('the sign-in page has no serious accessibility violations and fits 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the admin members screen works at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/members');
  await expect(page.getByRole('button', { name: 'Invite member' })).toBeVisible();
  await page.getByLabel('Search members').fill('ada@demo');
  await expect(page.getByRole('row').filter({ hasText: 'ada@demo.test' })).toBeVisible();
  await expect(page.getByText('Showing 1 of 1 member')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test.describe('the real server refuses bad tokens', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  test('alg:none, expired, tampered and wrongly signed tokens get 401', async ({ request }) => {
    const tokenRes = await request.post('/api/auth/token', {
      data: { email: DEMO.advocate.email, password: DEMO_PASSWORD },
    });
    const { accessToken } = await tokenRes.json();
    expect((await request.get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } })).status()).toBe(200);
    const [h, p, s] = accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const now = Math.floor(Date.now() / 1000);
    const forged = {
      none: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
      expired: `${h}.${b64({ ...payload, iat: now - 7200, exp: now - 3600 })}.${s}`,
      tampered: `${h}.${b64({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })}.${s}`,
      wrongSignature: `${h}.${p}.${Buffer.from('x'.repeat(32)).toString('base64url')}`,
    };
    for (const [name, token] of Object.entries(forged)) {
      const r = await request.get('/api/me', { headers: { authorization: `Bearer ${token}` } });
      expect(r.status(), name).toBe(401);
      expect((await r.json()).error.code, name).toBe('auth.invalid_token');
    }
  });

  test('a reused refresh token ends the session family', async ({ baseURL }) => {
    const post = (path: string, init: RequestInit = {}) => fetch(`${baseURL}${path}`, { method: 'POST', ...init });
    const refreshCookie = (r: Response) =>
      r.headers
        .getSetCookie()
        .find((c) => c.startsWith('ah_rt='))!
        .split(';')[0]!;
    const login = await post('/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO.advocate.email, password: DEMO_PASSWORD }),
    });
    const first = refreshCookie(login);
    const rotated = await post('/api/auth/refresh', { headers: { cookie: first } });
    expect(rotated.status).toBe(200);
    const second = refreshCookie(rotated);
    const replay = await post('/api/auth/refresh', { headers: { cookie: first } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('auth.refresh_reused');
    expect((await post('/api/auth/refresh', { headers: { cookie: second } })).status).toBe(401);
  });

  test('ten failed sign-ins lock the account: the eleventh is 429', async ({ request }) => {
    const api = await adminApi(request);
    const email = uniqueEmail('locked');
    await api.post('/api/admin/invites', { data: { email } });
    for (let i = 0; i < 10; i++) {
      const r = await request.post('/api/auth/login', { data: { email, password: `wrong-password-${i}` } });
      expect(r.status()).toBe(401);
    }
    const r = await request.post('/api/auth/login', { data: { email, password: 'wrong-password-x' } });
    expect(r.status()).toBe(429);
    expect((await r.json()).error.code).toBe('auth.too_many_failures');
  });
});
