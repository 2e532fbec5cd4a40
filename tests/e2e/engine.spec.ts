import { expect, test } from '@playwright/test';
import { DEMO, signIn } from './fixtures.js';

// The demo advocate Ada starts with 75 points (Insider; Advocate at 500) and has not taken the quiz
// or the Gartner review challenge. This test changes her points, so it runs once per fresh hub.
test('an advocate completes a quiz and a review challenge; an admin approves; balance, level and badges update', async ({
  page,
  browser,
}) => {
  test.slow(); // two browsers and a long flow on a 2-core machine
  await signIn(page, DEMO.advocate.email);
  await page.goto('/home');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.advocate.home);
  await expect(page.getByTestId('points-balance')).toContainText('75');

  // 1. The quiz: one wrong try, then a pass.
  await page.goto('/challenges');
  await page.getByRole('link', { name: 'Lumen basics quiz' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lumen basics quiz');
  const q = (prompt: string) => page.getByRole('group', { name: prompt });
  await q('Which product schedules your data pipelines?').getByLabel('Lumen Embedded').check();
  await q('Where do you define who may see a column?').getByLabel('Lumen Governance').check();
  await q('Which of these can Lumen Embedded put dashboards into?').getByLabel('Your own web app').check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByTestId('stage-failure')).toContainText('Not passed this time');

  await q('Which product schedules your data pipelines?').getByLabel('Lumen Pipelines').check();
  await q('Which of these can Lumen Embedded put dashboards into?').getByLabel('A customer portal').check();
  await page.getByRole('button', { name: 'Submit answers' }).click();
  const result = page.getByTestId('completion-result');
  await expect(result).toContainText('Challenge complete!');
  await expect(result).toContainText('+125 points');
  await expect(result).toContainText('+25 point bonus');
  await expect(result).toContainText('New badge: Quiz whiz');
  await expect(page.getByTestId('points-balance')).toContainText('200');

  // 2. A review challenge: sent for review.
  await page.goto('/challenges');
  await page.getByRole('link', { name: 'Review us on Gartner Peer Insights' }).click();
  await page.getByLabel('Link to your published review').fill('https://gartner.example/reviews/ada-1');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByTestId('completion-result')).toContainText('Sent for review');

  // 3. The admin approves it in a second browser context.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin.email);
  await admin.goto('/admin/reviews');
  const item = admin.getByRole('article').filter({ hasText: 'Ada Lovelace · Review us on Gartner Peer Insights' });
  // The queue is oldest first; the demo has older submissions waiting, so page down to Ada's.
  await expect(admin.getByRole('article').first()).toBeVisible();
  for (let i = 0; i < 10 && !(await item.isVisible()); i++) {
    const more = admin.getByRole('button', { name: 'Load more' });
    if (!(await more.isVisible())) break;
    const shown = await admin.getByRole('article').count();
    await more.click();
    await expect.poll(() => admin.getByRole('article').count()).toBeGreaterThan(shown);
  }
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Approve' }).click();
  await expect(item).toHaveCount(0);
  await adminContext.close();

  // 4. Ada sees it: 200 + 500 = 700 points, the Advocate level, the Reviewer badge, a notification.
  await page.goto('/profile');
  await expect(page.getByTestId('points-balance')).toContainText('700');
  await expect(page.getByText('Advocate', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('Quiz whiz').first()).toBeVisible();
  await expect(page.getByText('Reviewer').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Notifications, [1-9]\d* unread/ })).toBeVisible();
  await expect(page.getByRole('table').filter({ hasText: 'Review us on Gartner Peer Insights' })).toBeVisible();
});
