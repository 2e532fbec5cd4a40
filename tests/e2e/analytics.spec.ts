import { expect, test } from '@playwright/test';
import crypto from 'node:crypto';
import { DEMO, DEMO_PASSWORD, seriousViolations, shot, signIn } from './fixtures';

// Program analytics end to end on the demo program: the admin reads the dashboard (charts drawn),
// opens the advocacy leak, activates the Promoters segment in one click; a promoter of the cohort
// takes the first step of the ladder; the leak view then counts them as activated.

test('the admin sees the dashboard, activates the promoters’ leak in one click, and sees who acted', async ({
  page,
  browser,
}) => {
  test.slow();
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/analytics');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await expect(page.getByTestId('analytics-cards')).toContainText('Acts of advocacy');
  for (const chart of ['chart-funnel', 'chart-acts', 'chart-retention', 'chart-points'])
    await expect(page.getByTestId(chart).locator('canvas').first()).toBeVisible();
  // Each table has its CSV.
  const csv = await page.request.get((await page.getByTestId('csv-acts').getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^type,label,count,value_USD,total_USD/);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'analytics-dashboard');
  // The values editor: a value per act type, and the type of each advocacy challenge.
  await page.getByRole('button', { name: 'Values' }).click();
  const dialog = page.getByRole('dialog', { name: 'Value of advocacy' });
  await expect(dialog.getByRole('spinbutton', { name: 'Case study' })).toHaveValue(/5,000/);
  expect(await seriousViolations(page)).toEqual([]);
  await shot(page, 'analytics-values');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The nav leads to the leak view; the Promoters segment leaks.
  await page.getByRole('link', { name: 'Advocacy leak' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Advocacy leak' })).toBeVisible();
  const promoters = page.getByTestId('leak-segment-Promoters');
  await expect(promoters).toContainText(/[1-9]\d* leaking/);
  await expect(page.getByTestId('leak-members')).toContainText('NPS');
  expect(await seriousViolations(page)).toEqual([]);

  // Who will be in the cohort: the segment's leaking members, as the API lists them.
  const segments = (await (await page.request.get('/api/admin/segments')).json()).segments as {
    id: string;
    name: string;
  }[];
  const segmentId = segments.find((s) => s.name === 'Promoters')!.id;
  const leak = await (await page.request.get(`/api/admin/analytics/leak?days=90&segmentId=${segmentId}`)).json();
  const member = (leak.members as { email: string }[]).find((m) => m.email !== DEMO.advocate.email)!;

  // One click.
  await page.getByRole('button', { name: 'Activate Promoters' }).click();
  await expect(page.getByText(/Promoters: \d+ members activated/)).toBeVisible();
  const activations = page.getByTestId('activations');
  await expect(activations.locator('tbody tr').first()).toContainText('Promoters');
  await shot(page, 'analytics-leak');

  // A promoter of the cohort takes the first step (a one-line testimonial) through the API.
  const latest = (await (await page.request.get('/api/admin/analytics/leak/activations')).json()).activations[0];
  const context = await browser.newContext();
  const login = await context.request.post('/api/auth/login', {
    data: { email: member.email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const done = await context.request.post(`/api/challenges/${latest.steps[0].challengeId}/completions`, {
    data: { response: { text: 'It saves my team a day a week.' } },
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(done.status()).toBe(201);
  await context.close();

  // Later, the view counts them.
  await page.reload();
  const row = page.getByTestId('activations').locator('tbody tr').filter({ hasText: 'Promoters' }).first();
  await expect(row.getByTestId('activated-count')).toHaveText(/^[1-9]\d*$/);
  await expect(row).toContainText('Tell us in one line why you like us: 1');
  expect(await seriousViolations(page)).toEqual([]);

  // On a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/admin/analytics', '/admin/analytics/leak']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if (path === '/admin/analytics')
      await expect(page.getByTestId('chart-funnel').locator('canvas').first()).toBeVisible();
    else await expect(page.getByTestId('activations')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, `analytics-mobile${path.replace(/\//g, '-')}`);
  }
});
