import { expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { DEMO, lowestTextContrast, seriousViolations, signInUi, uniqueEmail } from './fixtures.js';

// The reference desk end to end, in three browsers: a new advocate opts in as a reference; the
// demo requester asks for a reference call; the admin opens the matches and sends the ask; the
// advocate accepts with a time; the requester picks it; both confirm the call; the points land;
// the metrics page shows the time to fulfil. Then "Recruit here" on a thin cell of the coverage
// matrix publishes a challenge to exactly the cell's members.

async function signedIn(browser: Browser, email: string, home: RegExp): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await signInUi(page, email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(home);
  return page;
}

test('a requester asks, the admin sends the ask, the advocate accepts a slot, both confirm, points land', async ({
  browser,
}) => {
  test.slow();
  const tag = uniqueEmail('x').slice(2, 10);
  const email = uniqueEmail('reference');
  const name = `Rory Reference ${tag}`;
  const product = `Lumen Quantum ${tag}`;
  const prospect = `Prospect ${tag}`;
  const opportunity = `${prospect} — quantum pilot`;

  // 1. A new advocate joins and opts in as a reference for calls about the product.
  const advocate = await (await browser.newContext()).newPage();
  await advocate.goto('/join?code=LUMEN-SUMMIT');
  await advocate.getByLabel('Email').fill(email);
  await advocate.getByLabel('Name').fill(name);
  await advocate.getByLabel('Password', { exact: true }).fill('rory-strong-password');
  await advocate.getByLabel('Confirm password').fill('rory-strong-password');
  await advocate.getByRole('button', { name: 'Create account' }).click();
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText(/Welcome, Rory/);
  await advocate.getByRole('navigation').getByRole('link', { name: 'References' }).first().click();
  await expect(advocate.getByRole('heading', { level: 1 })).toHaveText('References');
  await expect(advocate.getByText('No asks waiting')).toBeVisible();
  await advocate.getByLabel('I am happy to be a reference').check();
  await advocate.getByLabel('Reference call').check();
  await advocate.getByLabel('Products you use').fill(product);
  await advocate.getByLabel('Languages you can speak in').fill('English');
  await advocate.getByRole('button', { name: 'Save reference profile' }).click();
  const saved = advocate.getByText('You are on the reference list');
  await expect(saved).toBeVisible();
  await expect(saved).toBeHidden({ timeout: 10_000 });
  expect(await seriousViolations(advocate)).toEqual([]);

  // 2. The demo requester lands on their requests and makes a new one.
  const requester = await signedIn(browser, DEMO.requester.email, DEMO.requester.home);
  expect(await seriousViolations(requester)).toEqual([]);
  await requester.getByRole('button', { name: 'New request' }).click();
  const form = requester.getByRole('dialog', { name: 'New reference request' });
  await form.getByLabel('Opportunity').fill(opportunity);
  await form.getByLabel('Prospect company').fill(prospect);
  await form.getByLabel('Amount').fill('120000');
  await form.getByLabel('Product').fill(product);
  await form.getByLabel('Notes').fill('They want to hear how the pilot went.');
  expect(await seriousViolations(requester, { include: '[role="dialog"]' })).toEqual([]);
  await form.getByRole('button', { name: 'Create request' }).click();
  await expect(requester.getByRole('heading', { level: 1 })).toHaveText(opportunity);
  await expect(requester.getByText('Nobody has been asked yet.')).toBeVisible();
  const requestUrl = requester.url();
  // In the demo an admin sends the asks: the requester sees the matches, no Ask button, and why.
  await expect(requester.getByRole('list', { name: 'Matches, best first' }).getByText(name)).toBeVisible();
  await expect(requester.getByText('In this program an admin sends the asks.')).toBeVisible();
  await expect(requester.getByRole('button', { name: `Ask ${name}` })).toHaveCount(0);

  // 3. The admin opens its matches: the new advocate fits best; the admin sends the ask.
  const admin = await signedIn(browser, DEMO.admin.email, DEMO.admin.home);
  await admin.goto(requestUrl);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(opportunity);
  const matches = admin.getByRole('list', { name: 'Matches, best first' });
  await expect(matches.getByRole('listitem').first()).toContainText(name);
  const best = matches.getByRole('listitem').filter({ hasText: name });
  await expect(best).toContainText(`Uses ${product}`);
  expect(await seriousViolations(admin)).toEqual([]);
  await best.getByRole('button', { name: `Ask ${name}` }).click();
  const askDialog = admin.getByRole('dialog', { name: `Ask ${name}` });
  await expect(askDialog.getByLabel('Message')).toHaveValue(/Hi Rory/);
  await askDialog.getByRole('button', { name: 'Send ask' }).click();
  await expect(askDialog).toBeHidden();
  const askAsSeen = (page: Page) => page.getByRole('article', { name, exact: true });
  await expect(askAsSeen(admin)).toContainText('Waiting for an answer');
  // Asked: now ranked among those who cannot be asked, at the end of the list.
  await admin.getByRole('button', { name: /Show all \d+ matches/ }).click();
  await expect(best).toContainText('Already asked for this request');

  // 4. The advocate sees the ask framed by what they gain, and accepts with a time.
  await advocate.reload();
  const ask = advocate.getByRole('article', { name: `Reference call for ${prospect}` });
  await expect(ask).toContainText('You gain 150 points');
  await expect(ask).toContainText('Hi Rory');
  await ask.getByRole('button', { name: 'Accept' }).click();
  await expect(ask.getByLabel('Time 1')).not.toHaveValue('');
  expect(await seriousViolations(advocate)).toEqual([]);
  await ask.getByRole('button', { name: 'Offer these times' }).click();
  await expect(ask).toContainText('Waiting for a time');

  // 5. The requester picks the offered time, then confirms the call happened.
  await requester.reload();
  const theirAsk = askAsSeen(requester);
  await expect(theirAsk).toContainText('Accepted');
  await expect(theirAsk.getByRole('radio')).toHaveCount(1);
  await theirAsk.getByRole('button', { name: 'Schedule' }).click();
  await expect(theirAsk).toContainText('Scheduled for');
  await theirAsk.getByRole('button', { name: 'Confirm the call happened' }).click();
  await expect(theirAsk).toContainText('You confirmed it');

  // 6. The advocate confirms too: the ask is completed and the points land.
  await advocate.reload();
  await expect(ask).toContainText('Scheduled for');
  await ask.getByRole('button', { name: 'Yes, it happened' }).click();
  await expect(ask).toContainText('+150 points');
  await expect(advocate.getByTestId('points-balance')).toContainText('150 pts');

  await requester.reload();
  await expect(askAsSeen(requester)).toContainText('Completed');
  await expect(requester.getByText('Fulfilled', { exact: true })).toBeVisible();

  // 7. The admin's metrics show the time to fulfil (and the charts' page passes axe).
  await admin.goto('/admin/references/metrics');
  await expect(admin.getByTestId('time-to-fulfil')).toContainText(/\d+(\.\d)? days/);
  await expect(admin.getByRole('img', { name: /Requests, completed calls and declines per month/ })).toBeVisible();
  expect(await seriousViolations(admin)).toEqual([]);
});

test('"Recruit here" on a thin cell publishes a challenge to exactly the members of that cell', async ({ browser }) => {
  test.slow();
  const admin = await signedIn(browser, DEMO.admin.email, DEMO.admin.home);
  await admin.goto('/admin/references');
  await expect(admin.getByLabel('Asks per person')).toHaveValue('4');
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.getByRole('navigation', { name: 'Reference desk' }).getByRole('link', { name: 'Coverage' }).click();
  const matrix = admin.getByRole('table', { name: /Coverage by Product and Region/ });
  await expect(matrix).toBeVisible();
  expect(await seriousViolations(admin)).toEqual([]);

  // The demo pipeline needs three Embedded references in North America, and has none.
  const recruit = admin.getByRole('button', { name: 'Recruit here: Lumen Embedded · NA' });
  const cell = matrix.getByRole('cell').filter({ has: recruit });
  await expect(cell).toContainText('0 referenceable, 3 needed, 3 short');
  await recruit.click();
  const toast = admin.getByText(/is published to \d+ members?\./);
  await expect(toast).toBeVisible();
  // Hovering keeps the toast open (its timer stops) while it is read and measured.
  const message = admin.locator('.p-toast-message').filter({ has: toast });
  await message.hover();
  const reaches = Number((await toast.textContent())!.match(/published to (\d+)/)![1]);
  // Its text reads at AA contrast (axe leaves text on the toast's translucent background unchecked).
  expect((await lowestTextContrast(message)).ratio).toBeGreaterThanOrEqual(4.5);
  await expect(cell).toContainText(`Reached ${reaches} · 0 recruited`);
  // On a phone the matrix scrolls inside its card; the page never scrolls sideways.
  await admin.setViewportSize({ width: 390, height: 800 });
  expect(await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // Exactly the cell's members: every active member using Lumen Embedded in NA, nobody else.
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    const inCell = await db.query<{ email: string }>(
      `select email from members where status = 'active' and region = 'NA' and 'Lumen Embedded' = any(products)`,
    );
    expect(reaches).toBe(inCell.rowCount);
    expect(reaches).toBeGreaterThan(0);
    const feed = async (who: string) => {
      const page = await (await browser.newContext()).newPage();
      const login = await page.request.post('/api/auth/login', { data: { email: who, password: 'demo-password' } });
      expect(login.status()).toBe(200);
      const body = (await (await page.request.get('/api/challenges')).json()) as { challenges: { title: string }[] };
      return body.challenges.map((c) => c.title);
    };
    expect(await feed(inCell.rows[0]!.email)).toContain('Become a customer reference for Lumen Embedded');
    expect(await feed(DEMO.advocate.email)).not.toContain('Become a customer reference for Lumen Embedded');
  } finally {
    await db.end();
  }
});
