import { expect, test, type Browser, type Page } from '@playwright/test';
import crypto from 'node:crypto';
import { uniqueEmail } from './fixtures.js';

// The suite shares one seeded database: every test makes its own advocates (joined with the demo
// event code, unique names) and its own threads, so it depends on no other test and no leftovers.

/** A page's first paint after a navigation may wait on a busy machine (two CPUs shared with the hub). */
const LOAD = { timeout: 20_000 };

interface Advocate {
  page: Page;
  name: string;
  id: string;
}

interface Category {
  id: string;
  name: string;
  qa: boolean;
  canStart: boolean;
}

/** A new advocate signed in in a browser of their own. */
async function newAdvocate(browser: Browser, first: string): Promise<Advocate> {
  const email = uniqueEmail(first.toLowerCase());
  const name = `${first} ${crypto.randomBytes(4).toString('hex')}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const joined = await page.request.post('/api/auth/join', {
    data: { code: 'LUMEN-SUMMIT', email, name, password: 'community-strong-password' },
  });
  expect(joined.status(), await joined.text()).toBeLessThan(300);
  const me = (await (await page.request.get('/api/me')).json()) as { id: string };
  return { page, name, id: me.id };
}

/** A category the advocate may start threads in: a Q&A one or not. */
async function category(who: Advocate, qa: boolean): Promise<Category> {
  const res = await who.page.request.get('/api/community/categories');
  expect(res.status()).toBe(200);
  const { categories } = (await res.json()) as { categories: Category[] };
  const found = categories.find((c) => c.canStart && c.qa === qa);
  expect(found, `a ${qa ? 'Q&A' : 'discussion'} category open to advocates`).toBeTruthy();
  return found!;
}

async function createThread(who: Advocate, categoryId: string, title: string, body: string) {
  const res = await who.page.request.post('/api/community/threads', { data: { categoryId, title, body } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { thread: { id: string } }).thread;
}

async function reply(who: Advocate, threadId: string, body: string) {
  const res = await who.page.request.post(`/api/community/threads/${threadId}/posts`, { data: { body } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { post: { id: string } }).post;
}

/** The thread page, open and watching its room (or polling, which the test would then wait out). */
async function openThread(who: Advocate, threadId: string, title: string) {
  await who.page.goto(`/community/threads/${threadId}`);
  await expect(who.page.getByRole('heading', { level: 1 })).toHaveText(title, LOAD);
  await expect(who.page.getByTestId('thread-live')).toHaveAttribute('data-live', 'true', { timeout: 15_000 });
}

const posts = (page: Page) => page.getByTestId('post');

const postWith = (page: Page, text: string) => posts(page).filter({ hasText: text });

test('an advocate starts a thread from its category and replies to it', async ({ browser }) => {
  test.slow();
  const ada = await newAdvocate(browser, 'Noor');
  const where = await category(ada, false);
  const tag = crypto.randomBytes(3).toString('hex');
  const title = `Favourite shortcut ${tag}`;

  await ada.page.goto('/community');
  await expect(ada.page.getByRole('heading', { level: 1 })).toHaveText('Community', LOAD);
  await ada.page
    .getByTestId('category-card')
    .filter({ hasText: where.name })
    .getByRole('link', { name: where.name })
    .click();
  await expect(ada.page.getByRole('heading', { level: 1 })).toHaveText(where.name, LOAD);
  await ada.page.getByRole('link', { name: 'New thread' }).click();

  await expect(ada.page.getByRole('heading', { level: 1 })).toHaveText('Start a thread', LOAD);
  await expect(ada.page.getByRole('combobox', { name: 'Category' })).toHaveText(where.name);
  await ada.page.getByLabel('Title', { exact: true }).fill(title);
  await ada.page.getByLabel('First post', { exact: true }).fill(`Mine is **Ctrl+K** to search everything (${tag}).`);
  await ada.page.getByRole('button', { name: 'Preview' }).click();
  await expect(ada.page.getByTestId('composer-preview').locator('strong')).toHaveText('Ctrl+K');
  await ada.page.getByRole('button', { name: 'Post thread' }).click();

  await expect(ada.page).toHaveURL(/\/community\/threads\/[0-9a-f-]{36}$/);
  await expect(ada.page.getByRole('heading', { level: 1 })).toHaveText(title, LOAD);
  await expect(ada.page.getByTestId('thread-category')).toHaveText(where.name);
  await expect(posts(ada.page)).toHaveCount(1);
  await expect(posts(ada.page).first().getByTestId('post-body').locator('strong')).toHaveText('Ctrl+K');

  await ada.page.getByLabel('Your reply', { exact: true }).fill(`Also Ctrl+/ for the shortcuts list (${tag}).`);
  await ada.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(posts(ada.page)).toHaveCount(2);
  await expect(posts(ada.page).nth(1)).toContainText(`Ctrl+/ for the shortcuts list (${tag})`);
  await expect(ada.page.getByLabel('Your reply', { exact: true })).toHaveValue('');

  // Both are stored: a fresh load shows them, and the thread is listed in its category.
  await ada.page.reload();
  await expect(posts(ada.page)).toHaveCount(2, LOAD);
  await ada.page.getByRole('link', { name: `Back to ${where.name}` }).click();
  await expect(ada.page.getByTestId('thread-row').filter({ hasText: title })).toContainText('1 reply', LOAD);
});

test('a reply posted by another advocate appears on an open thread page without a reload', async ({ browser }) => {
  test.slow();
  const [asker, helper] = await Promise.all([newAdvocate(browser, 'Rio'), newAdvocate(browser, 'Sol')]);
  const where = await category(asker, false);
  const tag = crypto.randomBytes(3).toString('hex');
  const title = `Live thread ${tag}`;
  const thread = await createThread(asker, where.id, title, `Who is around today? (${tag})`);

  await openThread(asker, thread.id, title);
  await expect(posts(asker.page)).toHaveCount(1);
  const navigations: string[] = [];
  asker.page.on('framenavigated', (f) => {
    if (f === asker.page.mainFrame()) navigations.push(f.url());
  });

  // The helper replies from their own browser, through the page.
  await helper.page.goto(`/community/threads/${thread.id}`);
  await expect(helper.page.getByRole('heading', { level: 1 })).toHaveText(title, LOAD);
  await helper.page.getByLabel('Your reply', { exact: true }).fill(`I am here, live from the other browser (${tag}).`);
  await helper.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(postWith(helper.page, 'live from the other browser')).toHaveCount(1);

  // It arrives on the asker's page through the thread's room, well before the 15 s poll.
  await expect(postWith(asker.page, `live from the other browser (${tag})`)).toBeVisible({ timeout: 10_000 });
  await expect(postWith(asker.page, 'live from the other browser').getByTestId('post-author')).toHaveText(helper.name);
  await expect(posts(asker.page)).toHaveCount(2);
  expect(navigations).toEqual([]);

  // A second one, sent through the API, arrives too (in order).
  await reply(helper, thread.id, `And one more, in order (${tag}).`);
  await expect(posts(asker.page)).toHaveCount(3, { timeout: 10_000 });
  await expect(posts(asker.page).nth(2)).toContainText('And one more, in order');
});

test('mention autocomplete inserts a mention and the mentioned member is notified', async ({ browser }) => {
  test.slow();
  const [writer, friend] = await Promise.all([newAdvocate(browser, 'Tess'), newAdvocate(browser, 'Uma')]);
  const where = await category(writer, false);
  const tag = crypto.randomBytes(3).toString('hex');
  const title = `Mentions ${tag}`;
  const thread = await createThread(writer, where.id, title, `Looking for a buddy for the summit (${tag}).`);

  // The friend waits on their home page: the bell shows nothing yet.
  await friend.page.goto('/home');
  await expect(friend.page.getByTestId('notifications-bell')).toHaveAccessibleName('Notifications, 0 unread', LOAD);

  await openThread(writer, thread.id, title);
  const box = writer.page.getByLabel('Your reply', { exact: true });
  await box.click();
  // Typed like a person: "@" and the start of the friend's (unique) name.
  const typed = friend.name.slice(0, friend.name.length - 2);
  await box.pressSequentially(`Come along, @${typed}`, { delay: 15 });
  const list = writer.page.getByRole('listbox', { name: 'Members to mention' });
  await expect(list.getByRole('option', { name: friend.name })).toBeVisible();
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  await expect(list).toBeHidden();
  await expect(box).toHaveValue(`Come along, @[${friend.name}](mention:${friend.id}) `);
  await box.pressSequentially('see you there!');
  await writer.page.getByRole('button', { name: 'Post reply' }).click();

  // The post shows the mention as "@Name", never the syntax.
  const mine = postWith(writer.page, 'Come along');
  await expect(mine.locator('.mention')).toHaveText(`@${friend.name}`);
  await expect(mine).not.toContainText('mention:');

  // The friend is told: in their notifications, and on the bell without a reload.
  await expect
    .poll(
      async () => {
        const res = await friend.page.request.get('/api/me/notifications');
        const body = (await res.json()) as { notifications: { kind: string; link: string | null }[] };
        return body.notifications.find((n) => n.kind === 'community.mentioned')?.link ?? null;
      },
      { timeout: 20_000 },
    )
    .toMatch(new RegExp(`^/community/threads/${thread.id}\\?post=\\d+$`));
  await expect(friend.page.getByTestId('notifications-bell')).toHaveAccessibleName(/Notifications, [1-9]\d* unread/, {
    timeout: 35_000,
  });

  // The notification's link opens the thread at the post that mentions them.
  await friend.page.getByTestId('notifications-bell').click();
  await friend.page
    .getByRole('link', { name: /mentioned you/ })
    .first()
    .click();
  await expect(friend.page.getByRole('heading', { level: 1 })).toHaveText(title, LOAD);
  await expect(postWith(friend.page, 'Come along')).toHaveAttribute('data-highlighted', 'true');
});

test('Q&A: the author marks a reply as the accepted answer', async ({ browser }) => {
  test.slow();
  const [asker, expert] = await Promise.all([newAdvocate(browser, 'Vic'), newAdvocate(browser, 'Wren')]);
  const where = await category(asker, true);
  const tag = crypto.randomBytes(3).toString('hex');
  const title = `How do I rotate keys? ${tag}`;
  const thread = await createThread(
    asker,
    where.id,
    title,
    `Is there a way to rotate API keys without downtime? (${tag})`,
  );
  await reply(expert, thread.id, `Create the new key first, deploy it, then revoke the old one (${tag}).`);
  await reply(asker, thread.id, `Thanks, trying that now (${tag}).`);

  await openThread(asker, thread.id, title);
  await expect(asker.page.getByTestId('accepted-banner')).toHaveCount(0);
  // The question itself cannot be its own answer.
  await expect(posts(asker.page).first().getByRole('button', { name: 'Mark as answer' })).toHaveCount(0);

  const answer = postWith(asker.page, 'Create the new key first');
  await answer.getByRole('button', { name: 'Mark as answer' }).click();
  await expect(answer.getByTestId('accepted-tag')).toBeVisible();
  await expect(asker.page.getByTestId('accepted-banner')).toContainText(`${expert.name}’s reply was accepted`);
  await expect(postWith(asker.page, 'Thanks, trying that now').getByTestId('accepted-tag')).toHaveCount(0);

  // It holds after a reload, and the expert (who may not mark answers) sees it too.
  await asker.page.reload();
  await expect(postWith(asker.page, 'Create the new key first').getByTestId('accepted-tag')).toBeVisible(LOAD);
  await expert.page.goto(`/community/threads/${thread.id}`);
  await expect(postWith(expert.page, 'Create the new key first').getByTestId('accepted-tag')).toBeVisible(LOAD);
  await expect(expert.page.getByRole('button', { name: 'Mark as answer' })).toHaveCount(0);
  await expert.page.goto(`/community/categories/${where.id}`);
  await expect(expert.page.getByTestId('thread-row').filter({ hasText: title })).toContainText('Answered', LOAD);
});

test('“Introduce yourself” completes itself when a new advocate posts an introduction', async ({ browser }) => {
  test.slow();
  const noor = await newAdvocate(browser, 'Ines');
  const feed = (await (await noor.page.request.get('/api/challenges')).json()) as {
    challenges: { id: string; title: string; myStatus: string }[];
  };
  const intro = feed.challenges.find((c) => c.title === 'Introduce yourself');
  expect(intro, 'the demo challenge').toBeTruthy();
  expect(intro!.myStatus).toBe('available');

  await noor.page.goto(`/challenges/${intro!.id}`);
  await noor.page.getByRole('link', { name: 'Go to Introductions' }).click();
  await expect(noor.page.getByRole('heading', { level: 1 })).toHaveText('Introductions', LOAD);
  await noor.page.getByRole('link', { name: 'New thread' }).click();
  await expect(noor.page.getByRole('heading', { level: 1 })).toHaveText('Start a thread', LOAD);
  const tag = crypto.randomBytes(3).toString('hex');
  await noor.page.getByLabel('Title', { exact: true }).fill(`Hello from Ines ${tag}`);
  await noor.page
    .getByLabel('First post', { exact: true })
    .fill(`Hi all! I run the analytics team at a logistics company and build our delivery dashboards. (${tag})`);
  await noor.page.getByRole('button', { name: 'Post thread' }).click();
  await expect(noor.page).toHaveURL(/\/community\/threads\/[0-9a-f-]{36}$/, LOAD);

  // The stage completes from the outbox, right after the post commits.
  await expect
    .poll(
      async () => {
        const res = await noor.page.request.get(`/api/challenges/${intro!.id}`);
        const body = (await res.json()) as { myStatus?: string; challenge?: { myStatus: string } };
        return body.challenge?.myStatus ?? body.myStatus;
      },
      { timeout: 20_000 },
    )
    .toBe('completed');
  const points = (await (await noor.page.request.get('/api/me/points')).json()) as { balance: number };
  expect(points.balance).toBeGreaterThanOrEqual(40);
});
