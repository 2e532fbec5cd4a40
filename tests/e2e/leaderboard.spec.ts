import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import crypto from 'node:crypto';
import { DEMO, adminApi, seriousViolations, shot, signIn, uniqueEmail } from './fixtures.js';

// The suite shares one seeded database: the members here join with the demo event code and get
// unique names; they earn far more than anyone in the demo, so they are on every top list.

/** A new advocate, signed in in a browser of their own (joined with the demo event code). */
async function newAdvocate(browser: Browser, first: string) {
  const email = uniqueEmail(first.toLowerCase());
  const name = `${first} ${email.split('@')[0]!.slice(-8)}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const joined = await page.request.post('/api/auth/join', {
    data: { code: 'LUMEN-SUMMIT', email, name, password: 'live-strong-password' },
  });
  expect(joined.status(), await joined.text()).toBeLessThan(300);
  const me = (await (await page.request.get('/api/me')).json()) as { id: string; alias: string };
  return { page, email, name, id: me.id, alias: me.alias };
}

// In order, in one worker: the climber must pass everyone, and the anonymous member (who also tops
// the board for a while) must not take the lead while the climber test reads who leads.
test.describe.configure({ mode: 'default' });

async function adjust(api: APIRequestContext, memberId: string, points: number) {
  const r = await api.post(`/api/admin/members/${memberId}/adjustments`, {
    data: { points, reason: 'Keynote volunteer' },
  });
  expect(r.status(), await r.text()).toBe(201);
}

test('two browsers: a completion climbs the leaderboard and the wall live, and its owner sees points and a notification arrive', async ({
  browser,
  request,
}) => {
  test.slow();
  const api = await adminApi(request);

  // A challenge that needs review: the approval brings points, a notification and a new rank. The
  // award grows with the clock, so that a repeated run's climber passes the last one's (no tie).
  const award = 900_000 + (Math.floor(Date.now() / 1000) % 90_000);
  const title = `Live keynote ${crypto.randomBytes(3).toString('hex')}`;
  const created = await api.post('/api/admin/challenges', {
    data: {
      title,
      stages: [{ kind: 'confirm', title: 'I gave the talk', points: award, needsReview: true }],
      status: 'published',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const challenge = ((await created.json()) as { challenge: { id: string } }).challenge;

  // 1. The climber, on their home page; notification polling is watched from here on.
  const climber = await newAdvocate(browser, 'Lia');
  await climber.page.goto('/home');
  await expect(climber.page.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Lia/);
  await expect(climber.page.getByTestId('points-balance')).toContainText('0 pts');
  await expect(climber.page.getByTestId('notifications-bell')).toHaveAccessibleName('Notifications, 0 unread');

  // 2. Another advocate watches the leaderboard, and the wall in a second tab.
  const watcherContext = await browser.newContext();
  const board = await watcherContext.newPage();
  await signIn(board, DEMO.advocate.email);
  await board.goto('/leaderboard');
  await expect(board.getByRole('heading', { level: 1 })).toHaveText('Leaderboard');
  const topList = board.getByRole('list', { name: 'Top of the leaderboard' });
  await expect(topList.getByTestId('leaderboard-row').first()).toBeVisible();
  const leaderBefore = await topList.getByTestId('leaderboard-name').first().innerText();
  await expect(topList).not.toContainText(climber.name);

  const wall = await watcherContext.newPage();
  await wall.goto('/wall/global');
  await expect(wall.getByRole('heading', { level: 1 })).toHaveText('Everyone');
  await expect(wall.getByTestId('wall-row').first()).toBeVisible();
  await expect(wall.getByTestId('wall')).not.toContainText(climber.name);
  // Both are live (the socket is up): give the subscription a moment to be acknowledged.
  await expect(board.getByTestId('realtime-offline')).toHaveCount(0);

  let polls = 0;
  let reloads = 0;
  climber.page.on('request', (r) => {
    if (r.url().includes('/api/me/notifications')) polls += 1;
  });
  board.on('framenavigated', () => (reloads += 1));
  wall.on('framenavigated', () => (reloads += 1));

  // 3. The climber completes the challenge; the admin approves it.
  const completion = await climber.page.request.post(`/api/challenges/${challenge.id}/completions`, {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {},
  });
  expect(completion.status(), await completion.text()).toBe(201);
  const { completion: c } = (await completion.json()) as { completion: { id: string; status: string } };
  expect(c.status).toBe('pending');
  const approvedAt = Date.now();
  const approved = await api.post(`/api/admin/reviews/${c.id}`, { data: { decision: 'approve' } });
  expect(approved.status(), await approved.text()).toBeLessThan(300);

  // 4. Without a reload: the climber leads the leaderboard and the wall; the old leader moved down.
  const live = { timeout: 10_000 };
  const firstRow = topList.getByTestId('leaderboard-row').first();
  await expect(firstRow.getByTestId('leaderboard-name')).toHaveText(climber.name, live);
  await expect(firstRow.getByTestId('leaderboard-rank')).toContainText('1');
  await expect(firstRow.getByTestId('rank-move')).toHaveAttribute('data-move', 'new');
  await expect(
    topList.getByTestId('leaderboard-row').filter({ hasText: leaderBefore }).getByTestId('rank-move'),
  ).toHaveAttribute('data-move', 'down');
  await expect(wall.getByTestId('wall-row').first().getByTestId('wall-name')).toHaveText(climber.name, live);

  // …and the climber's header balance and bell changed, long before the 30 s poll would have run.
  await expect(climber.page.getByTestId('points-balance')).toContainText(`${award.toLocaleString('en-US')} pts`, live);
  await expect(climber.page.getByTestId('notifications-bell')).not.toHaveAccessibleName(
    'Notifications, 0 unread',
    live,
  );
  expect(Date.now() - approvedAt).toBeLessThan(15_000);
  expect(polls, 'the notification was pushed, not polled').toBe(0);
  expect(reloads).toBe(0);
  await shot(board, 'lb-live-board');
  await wall.setViewportSize({ width: 1600, height: 900 });
  await shot(wall, 'lb-live-wall', { fullPage: false });
  await climber.page.getByTestId('notifications-bell').click();
  await expect(climber.page.getByRole('dialog')).toContainText(`Approved: ${title}`);

  // The climber's home card says where they stand.
  await expect(climber.page.getByTestId('home-rank')).toHaveText('1st');
  await expect(climber.page.getByTestId('home-to-pass')).toHaveText('You’re at the top.');
  await shot(climber.page, 'lb-live-home');

  await climber.page.context().close();
  await watcherContext.close();
});

test('a member who chooses to be anonymous appears under their alias, to others and to themselves', async ({
  browser,
  request,
}) => {
  test.slow();
  const api = await adminApi(request);
  const member = await newAdvocate(browser, 'Ana');
  await adjust(api, member.id, 800_000);

  const page = member.page;
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
  const choice = page.getByRole('radiogroup', { name: 'Leaderboard visibility' });
  await choice.getByLabel(`Show me anonymously as “${member.alias}”`).check();
  await expect(page.getByText('Saved.')).toBeVisible();
  await shot(choice, 'lb-profile-visibility');

  await page.goto('/leaderboard');
  const mine = page.getByRole('list', { name: 'Top of the leaderboard' }).locator('[aria-current="true"]');
  await expect(mine).toContainText(member.alias);
  await expect(mine).toContainText('You');

  const other = await (await browser.newContext()).newPage();
  await signIn(other, DEMO.advocate.email);
  await other.goto('/leaderboard');
  const top = other.getByRole('list', { name: 'Top of the leaderboard' });
  await expect(top.getByTestId('leaderboard-row').filter({ hasText: member.alias })).toContainText('Shown anonymously');
  await expect(top).not.toContainText(member.name);

  // Hidden: gone from everyone's board; they still see where they would stand.
  await page.goto('/profile');
  await choice.getByLabel('Hide me').check();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.goto('/leaderboard');
  await expect(page.getByTestId('my-standing')).toContainText('You’re hidden');
  await other.reload();
  await expect(top.getByTestId('leaderboard-row').first()).toBeVisible();
  await expect(top).not.toContainText(member.alias);

  await page.context().close();
  await other.context().close();
});

test('the leaderboard fits a 360 px phone, keeps board and period in the address, and has no serious axe violations', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, DEMO.advocate.email);
  await page.goto('/leaderboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaderboard');
  await expect(page.getByTestId('leaderboard-row').first()).toBeVisible();

  await page.getByRole('tab', { name: 'This month' }).click();
  await expect(page).toHaveURL(/period=month/);
  await expect(page.getByRole('tab', { name: 'This month' })).toHaveAttribute('aria-selected', 'true');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'This month' })).toHaveAttribute('aria-selected', 'true');

  expect(await seriousViolations(page)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'lb-360');
});

test('a tab whose session ends elsewhere leaves the live leaderboard for the sign-in page by itself', async ({
  page,
}) => {
  await signIn(page, DEMO.advocate.email);
  await page.goto('/leaderboard');
  await expect(page.getByTestId('leaderboard-row').first()).toBeVisible();
  await expect(page.getByTestId('realtime-offline')).toHaveCount(0);
  // Signing out through the API (as another tab would) ends the session: the server closes the
  // socket, the refresh is refused, and the page goes to sign-in with the way back.
  const out = await page.request.post('/api/auth/logout', { data: {} });
  expect(out.status()).toBeLessThan(300);
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)leaderboard$/, { timeout: 15_000 });
});
