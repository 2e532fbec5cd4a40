import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO, adminApi, seriousViolations, signIn, uniqueEmail } from './fixtures.js';

// The moderators' screens against the real hub: every member, thread and post is made here, so
// nothing depends on what other specs (or earlier runs) left behind.

test.use({ viewport: { width: 1366, height: 900 } });

interface Member {
  id: string;
  name: string;
  email: string;
  api: APIRequestContext;
}

const suffix = () => Math.random().toString(36).slice(2, 8);

/** A new advocate, invited by the admin and signed in (cookies kept in `api`, a browser context's request). */
async function newAdvocate(
  browser: Browser,
  admin: APIRequestContext,
  first: string,
): Promise<Member & { page: Page }> {
  const email = uniqueEmail(first.toLowerCase());
  const name = `${first} ${suffix()}`;
  const invited = await admin.post('/api/admin/invites', { data: { email, name } });
  expect(invited.status()).toBe(201);
  const token = ((await invited.json()) as { inviteUrl: string }).inviteUrl.split('/').pop();
  const page = await (await browser.newContext()).newPage();
  const accepted = await page.request.post('/api/auth/invites/accept', {
    data: { token, name, password: `${first}-strong-password` },
  });
  expect(accepted.status()).toBe(201);
  const { member } = (await accepted.json()) as { member: { id: string } };
  return { id: member.id, name, email, api: page.request, page };
}

/** A category the member may start threads in. */
async function openCategory(api: APIRequestContext): Promise<string> {
  const res = await api.get('/api/community/categories');
  expect(res.status()).toBe(200);
  const { categories } = (await res.json()) as { categories: { id: string; canStart: boolean }[] };
  const category = categories.find((c) => c.canStart);
  expect(category, 'a category open to members').toBeTruthy();
  return category!.id;
}

/** The member's ledger entries whose reason starts with `reason` (participation points are named by thread). */
async function ledger(api: APIRequestContext, reason: string) {
  const res = await api.get('/api/me/points', { params: { limit: 200 } });
  expect(res.status()).toBe(200);
  const { entries } = (await res.json()) as { entries: { kind: string; delta: number; reason: string }[] };
  return entries.filter((e) => e.reason.startsWith(reason));
}

async function signInAsModerator(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, DEMO.moderator.email);
  return page;
}

test('a flagged reply is hidden from the queue; its author sees it hidden and the points taken back', async ({
  browser,
  request,
}) => {
  test.slow();
  const admin = await adminApi(request);
  const replyPoints = (
    (await (await admin.get('/api/admin/community/settings')).json()) as {
      settings: { points: { reply: number } };
    }
  ).settings.points.reply;

  // 1. One advocate starts a thread; another replies and earns participation points.
  const starter = await newAdvocate(browser, admin, 'Stella');
  const author = await newAdvocate(browser, admin, 'Arlo');
  const title = `Tips for a first user-group talk ${suffix()}`;
  const created = await starter.api.post('/api/community/threads', {
    data: { categoryId: await openCategory(starter.api), title, body: 'What helped you before your first talk?' },
  });
  expect(created.status()).toBe(201);
  const threadId = ((await created.json()) as { thread: { id: string } }).thread.id;
  const replied = await author.api.post(`/api/community/threads/${threadId}/posts`, {
    data: { body: 'Buy followers for your talk at [this shop](https://followers.example.com), cheap!' },
  });
  expect(replied.status()).toBe(201);
  const postId = ((await replied.json()) as { post: { id: string } }).post.id;
  expect(await ledger(author.api, `Replied in: ${title}`)).toEqual([
    expect.objectContaining({ kind: 'earn', delta: replyPoints }),
  ]);

  // 2. Three other advocates flag it (newcomers weigh 1 each): the third flag reaches the hide threshold.
  const flaggers = [starter, await newAdvocate(browser, admin, 'Fern'), await newAdvocate(browser, admin, 'Felix')];
  let hidden = false;
  for (const [i, f] of flaggers.entries()) {
    const flagged = await f.api.post(`/api/community/posts/${postId}/flags`, {
      data: { reason: 'spam', ...(i === 0 ? { note: 'Selling followers' } : {}) },
    });
    expect(flagged.status()).toBe(201);
    hidden = ((await flagged.json()) as { hidden: boolean }).hidden || hidden;
  }
  expect(hidden).toBe(true);

  // 3. The moderator finds it in the queue, with its flags and their weights, and agrees: keep it hidden.
  const mod = await signInAsModerator(browser);
  await mod.goto('/moderation');
  await expect(mod.getByRole('heading', { name: 'What needs attention first' })).toBeVisible();
  const item = mod.locator('article', { hasText: title });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Hidden');
  await expect(item).toContainText('3 flags');
  await expect(item).toContainText('Selling followers');
  await expect(item).toContainText('weight 1.0');
  await expect(item.getByRole('link', { name: author.name })).toHaveAttribute(
    'href',
    `/moderation/members/${author.id}`,
  );
  // The post is shown as text: a new member's link is not clickable, even for moderators.
  await expect(item.getByRole('link', { name: 'this shop' })).toHaveCount(0);
  await item.getByLabel('Reason for the author').fill('Selling followers is spam here.');
  await item.getByRole('button', { name: 'Agree — keep hidden' }).click();
  const toast = mod.getByRole('alert').filter({ hasText: 'Flags upheld: the post stays hidden' });
  await expect(toast).toContainText(`${replyPoints} participation points were taken back.`);
  await expect(item).toHaveCount(0);

  // 4. The author still sees the post, marked hidden; everyone else no longer sees it.
  const thread = async (api: APIRequestContext) =>
    (
      (await (await api.get(`/api/community/threads/${threadId}`)).json()) as {
        posts: { id: string; status: string }[];
      }
    ).posts;
  expect((await thread(author.api)).find((p) => p.id === postId)?.status).toBe('hidden');
  expect((await thread(flaggers[1]!.api)).some((p) => p.id === postId)).toBe(false);

  // 5. The author's points history shows the reversal with the moderator's reason.
  expect(await ledger(author.api, `Reversed: Replied in: ${title}`)).toEqual([
    expect.objectContaining({ kind: 'reversal', delta: -replyPoints }),
  ]);
  await author.page.goto('/profile');
  const reversal = author.page
    .getByRole('table', { name: 'Your points history' })
    .getByRole('row')
    .filter({ hasText: 'Reversed' })
    .filter({ hasText: 'Selling followers is spam here.' });
  await expect(reversal).toHaveCount(1);
  await expect(reversal).toContainText(`\u2212${replyPoints}`);

  // The decision went into the summary: nothing of this post is left in the queue.
  await mod.reload();
  await expect(mod.locator('article', { hasText: title })).toHaveCount(0);
});

test('a moderator silences a member from their history: the member can read but not write until lifted', async ({
  browser,
  request,
}) => {
  test.slow();
  const admin = await adminApi(request);
  const member = await newAdvocate(browser, admin, 'Quinn');
  const categoryId = await openCategory(member.api);
  const started = await member.api.post('/api/community/threads', {
    data: { categoryId, title: `Quinn says hello ${suffix()}`, body: 'Hello, community!' },
  });
  expect(started.status()).toBe(201);
  const { thread, post } = (await started.json()) as { thread: { id: string }; post: { id: string } };

  // The moderator opens the member's history and silences them for a day.
  const mod = await signInAsModerator(browser);
  await mod.goto(`/moderation/members/${member.id}`);
  await expect(mod.getByRole('heading', { level: 1 })).toHaveText(member.name);
  await expect(mod.getByRole('heading', { name: 'Recent posts' })).toBeVisible();
  await expect(mod.getByText('Hello, community!')).toBeVisible();
  await mod.getByRole('button', { name: 'Silence' }).click();
  const dialog = mod.getByRole('dialog', { name: 'Silence member' });
  await dialog.getByRole('button', { name: '1 day' }).click();
  await dialog.getByRole('button', { name: 'Silence member' }).click();
  await expect(dialog.getByText('Give a reason.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Cooling off after a heated thread.');
  await dialog.getByRole('button', { name: 'Silence member' }).click();
  await expect(dialog).toBeHidden();
  await expect(mod.getByTestId('member-silenced')).toContainText('Silenced until');
  await expect(mod.locator('[data-sanction="silence"]')).toContainText('Cooling off after a heated thread.');

  // The member reads as before but every write answers 403 community.silenced.
  expect((await member.api.get('/api/community/categories')).status()).toBe(200);
  expect((await member.api.get(`/api/community/threads/${thread.id}`)).status()).toBe(200);
  const writes = [
    member.api.post(`/api/community/threads/${thread.id}/posts`, { data: { body: 'Can I still post?' } }),
    member.api.post('/api/community/threads', { data: { categoryId, title: 'Another one', body: 'Hello again' } }),
    member.api.put(`/api/community/posts/${post.id}/reactions`, { data: { kind: 'like', active: true } }),
  ];
  for (const res of await Promise.all(writes)) {
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('community.silenced');
  }

  // The sanction is listed with the others in force; lifting it lets the member write again.
  await mod.goto('/moderation/sanctions');
  const row = mod.getByRole('row').filter({ hasText: member.name });
  await expect(row).toContainText('Silenced');
  await row.getByRole('button', { name: `Lift the sanction of ${member.name}` }).click();
  const lift = mod.getByRole('dialog', { name: 'Lift sanctions' });
  await lift.getByLabel('Reason').fill('Talked it through.');
  await lift.getByRole('button', { name: 'Lift sanctions' }).click();
  await expect(lift).toBeHidden();
  await expect(mod.getByRole('row').filter({ hasText: member.name })).toHaveCount(0);
  const again = await member.api.post(`/api/community/threads/${thread.id}/posts`, { data: { body: 'Thanks!' } });
  expect(again.status()).toBe(201);
});

test('the moderation and community admin screens fit 360 px without serious accessibility problems', async ({
  browser,
  request,
}) => {
  test.slow();
  const admin = await adminApi(request);
  const member = await newAdvocate(browser, admin, 'Remy');
  const started = await member.api.post('/api/community/threads', {
    data: { categoryId: await openCategory(member.api), title: `Remy's first thread ${suffix()}`, body: 'Hi all!' },
  });
  expect(started.status()).toBe(201);

  const fits = async (page: Page) => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  };
  const mod = await signInAsModerator(browser);
  await mod.setViewportSize({ width: 360, height: 740 });
  await mod.goto('/moderation');
  await expect(mod.getByRole('heading', { name: 'What needs attention first' })).toBeVisible();
  await expect(mod.getByRole('heading', { name: /Flag queue/ })).toBeVisible();
  await fits(mod);
  await mod.goto(`/moderation/members/${member.id}`);
  await expect(mod.getByRole('heading', { level: 1 })).toHaveText(member.name);
  await fits(mod);
  await mod.getByRole('button', { name: 'Suspend' }).click();
  await expect(mod.getByRole('dialog', { name: 'Suspend member' })).toBeVisible();
  await fits(mod);
  await mod.goto('/moderation/sanctions');
  await expect(mod.getByRole('heading', { level: 1 })).toHaveText('Sanctions');
  await mod.waitForLoadState('networkidle');
  await fits(mod);

  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, DEMO.admin.email);
  await page.goto('/admin/community');
  await expect(page.getByRole('table', { name: 'Categories' })).toBeVisible();
  await expect(page.getByLabel('Hide threshold')).toBeVisible();
  await fits(page);
  await page.getByRole('button', { name: 'New category' }).click();
  await expect(page.getByRole('dialog', { name: 'New category' })).toBeVisible();
  await fits(page);
});
