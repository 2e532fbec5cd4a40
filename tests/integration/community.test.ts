/**
 * The community: categories, threads, replies, reactions, mentions, accepted answers, edits,
 * search, anti-spam; participation points and the community-post stage.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createTestApp, ledgerMismatches, makeChallenge, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
type Signed = Awaited<ReturnType<typeof signedIn>>;
let admin: Signed;
let mod: Signed;
const cats: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, { roles: ['admin'] });
  mod = await signedIn(t, { roles: ['moderator'] });
  const res = await admin.as({ method: 'GET', url: '/api/community/categories' });
  for (const c of res.json().categories) cats[c.slug] = c.id;
});
afterAll(async () => {
  await t.close();
});

const unique = (text: string) => `${text} ${crypto.randomBytes(4).toString('hex')}`;

async function startThread(
  who: Signed,
  categoryId = cats.introductions!,
  body = unique('Hello everyone, glad to be here.'),
) {
  const res = await who.as({
    method: 'POST',
    url: '/api/community/threads',
    payload: { categoryId, title: unique('Hi from'), body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { thread: { id: string }; post: { id: string; seq: string } };
}

async function reply(who: Signed, threadId: string, body: string, extra: Record<string, unknown> = {}) {
  return who.as({ method: 'POST', url: `/api/community/threads/${threadId}/posts`, payload: { body, ...extra } });
}

async function balance(who: Signed): Promise<{ balance: number; lifetime: number }> {
  const res = await who.as({ method: 'GET', url: '/api/me/points' });
  return res.json();
}

describe('categories', () => {
  it('come seeded as the playbook recommends, in order, with who may start threads', async () => {
    const ada = await signedIn(t);
    const res = await ada.as({ method: 'GET', url: '/api/community/categories' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = body.categories.map((c: { name: string }) => c.name);
    expect(names.slice(0, 7)).toEqual([
      'Welcome',
      'Introductions',
      'News & Events',
      'Product Feedback',
      'Thought Leadership',
      'Best Practices',
      'Fun',
    ]);
    const news = body.categories.find((c: { slug: string }) => c.slug === 'news-events');
    expect(news).toMatchObject({ startPolicy: 'staff', canStart: false });
    expect(body.me).toMatchObject({ silenced: false, staff: false });
  });

  it('News & Events is for staff to start; members get 403 community.staff_only', async () => {
    const ada = await signedIn(t);
    const res = await ada.as({
      method: 'POST',
      url: '/api/community/threads',
      payload: { categoryId: cats['news-events'], title: 'Big news', body: 'Something' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('community.staff_only');
    const ok = await admin.as({
      method: 'POST',
      url: '/api/community/threads',
      payload: { categoryId: cats['news-events'], title: unique('Release'), body: unique('We shipped') },
    });
    expect(ok.statusCode).toBe(201);
    // Staff without the advocate role post for free: earning points is for advocates.
    expect((await balance(admin)).balance).toBe(0);
  });

  it('a category targeted at a group is invisible (404) to members outside it', async () => {
    const group = await admin.as({ method: 'POST', url: '/api/admin/groups', payload: { name: unique('Insiders') } });
    expect(group.statusCode, group.body).toBe(201);
    const groupId = group.json().group.id;
    const created = await admin.as({
      method: 'POST',
      url: '/api/admin/community/categories',
      payload: { name: unique('Insiders lounge'), targeting: { includeGroupIds: [groupId] } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().category.id;
    const outsider = await signedIn(t);
    const list = await outsider.as({ method: 'GET', url: '/api/community/categories' });
    expect(list.json().categories.map((c: { id: string }) => c.id)).not.toContain(id);
    const res = await outsider.as({
      method: 'POST',
      url: '/api/community/threads',
      payload: { categoryId: id, title: 'Sneaking in', body: 'hello' },
    });
    expect(res.statusCode).toBe(404);
    const insider = await signedIn(t);
    await admin.as({
      method: 'POST',
      url: `/api/admin/groups/${groupId}/members`,
      payload: { memberIds: [insider.member.id] },
    });
    const seen = await insider.as({ method: 'GET', url: '/api/community/categories' });
    expect(seen.json().categories.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('threads and replies', () => {
  it('a thread and its replies: order, counts, quote, unread markers and participation points', async () => {
    const ada = await signedIn(t);
    const bob = await signedIn(t, { name: 'Bob Builder' });
    const { thread, post } = await startThread(ada);
    expect((await balance(ada)).balance).toBe(10);
    const r1 = await reply(bob, thread.id, unique('Welcome, Ada!'), { quotePostId: post.id });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().post.quote).toMatchObject({ postId: post.id });
    expect((await balance(bob)).balance).toBe(5);

    const page = await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}` });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.posts.map((p: { first: boolean }) => p.first)).toEqual([true, false]);
    expect(body.thread.replies).toBe(1);
    expect(body.thread.canReply).toBe(true);
    // Bob has not read Ada's thread since... Ada's list shows it read now.
    const list = await ada.as({
      method: 'GET',
      url: `/api/community/threads?categoryId=${cats.introductions}&limit=100`,
    });
    const mine = list.json().threads.find((x: { id: string }) => x.id === thread.id);
    expect(mine).toMatchObject({ replies: 1, unread: false });
    const r2 = await reply(bob, thread.id, unique('One more thing'));
    expect(r2.statusCode).toBe(201);
    const again = await ada.as({
      method: 'GET',
      url: `/api/community/threads?categoryId=${cats.introductions}&limit=100`,
    });
    expect(again.json().threads.find((x: { id: string }) => x.id === thread.id).unread).toBe(true);
    // Cursor: the posts after the first page.
    const first = await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}?limit=1` });
    expect(first.json().posts).toHaveLength(1);
    const next = await ada.as({
      method: 'GET',
      url: `/api/community/threads/${thread.id}?limit=5&cursor=${first.json().nextCursor}`,
    });
    expect(next.json().posts).toHaveLength(2);
    expect(next.json().nextCursor).toBeNull();
  });

  it('raw HTML is removed from posts when they are saved', async () => {
    const ada = await signedIn(t);
    const { thread } = await startThread(
      ada,
      cats.fun,
      unique('Nice <script>alert(1)</script><img src=x onerror=alert(2)> day'),
    );
    const page = await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}` });
    const body = page.json().posts[0].body as string;
    expect(body).not.toMatch(/<script|onerror|<img/i);
    expect(body).toMatch(/^Nice/);
  });

  it('a locked thread takes no replies from members (403), but moderators may reply', async () => {
    const ada = await signedIn(t);
    const { thread } = await startThread(ada);
    const lock = await mod.as({
      method: 'POST',
      url: `/api/moderation/threads/${thread.id}`,
      payload: { action: 'lock' },
    });
    expect(lock.statusCode, lock.body).toBe(200);
    const res = await reply(ada, thread.id, unique('Can I still?'));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('community.thread_locked');
    expect((await reply(mod, thread.id, unique('Moderator note'))).statusCode).toBe(201);
    const again = await mod.as({
      method: 'POST',
      url: `/api/moderation/threads/${thread.id}`,
      payload: { action: 'lock' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('edits: within the window only, the earlier text kept for moderators', async () => {
    const ada = await signedIn(t);
    const { post } = await startThread(ada, cats.fun, unique('First version'));
    const edit = await ada.as({
      method: 'PATCH',
      url: `/api/community/posts/${post.id}`,
      payload: { body: unique('Second version') },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().post.editedAt).not.toBeNull();
    const other = await signedIn(t);
    const theirs = await other.as({
      method: 'PATCH',
      url: `/api/community/posts/${post.id}`,
      payload: { body: 'mine now' },
    });
    expect(theirs.statusCode).toBe(403);
    const history = await mod.as({ method: 'GET', url: `/api/community/posts/${post.id}/revisions` });
    expect(history.statusCode).toBe(200);
    expect(history.json().revisions[0].body).toMatch(/^First version/);
    expect((await ada.as({ method: 'GET', url: `/api/community/posts/${post.id}/revisions` })).statusCode).toBe(403);
    // Past the window (moved back in time).
    await t.database.db.execute(
      sql`update community_posts set created_at = now() - interval '2 hours' where id = ${post.id}`,
    );
    const late = await ada.as({
      method: 'PATCH',
      url: `/api/community/posts/${post.id}`,
      payload: { body: unique('Third') },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('community.edit_window_closed');
  });
});

describe('reactions, mentions and answers', () => {
  it('reactions count once per member and kind; reacting to your own post earns nothing; others earn the author once', async () => {
    const ada = await signedIn(t);
    const bob = await signedIn(t);
    const { post } = await startThread(ada);
    const before = (await balance(ada)).balance;
    const self = await ada.as({
      method: 'PUT',
      url: `/api/community/posts/${post.id}/reactions`,
      payload: { kind: 'like', active: true },
    });
    expect(self.statusCode).toBe(200);
    expect((await balance(ada)).balance).toBe(before);
    for (const active of [true, true, false, true])
      await bob.as({
        method: 'PUT',
        url: `/api/community/posts/${post.id}/reactions`,
        payload: { kind: 'like', active },
      });
    const love = await bob.as({
      method: 'PUT',
      url: `/api/community/posts/${post.id}/reactions`,
      payload: { kind: 'love', active: true },
    });
    expect(love.json().reactions).toMatchObject({
      counts: { like: 2, love: 1 },
      mine: expect.arrayContaining(['like', 'love']),
    });
    expect((await balance(ada)).balance).toBe(before + 1);
  });

  it('a mention notifies the member named; the autocomplete finds them by the start of a word', async () => {
    const ada = await signedIn(t);
    const name = `Zelda ${crypto.randomBytes(3).toString('hex')}`;
    const zelda = await signedIn(t, { name });
    const found = await ada.as({
      method: 'GET',
      url: `/api/community/mentions?q=${encodeURIComponent(name.split(' ')[1]!)}`,
    });
    expect(found.json().members.map((m: { id: string }) => m.id)).toContain(zelda.member.id);
    await startThread(ada, cats.fun, unique(`Hey @[${name}](mention:${zelda.member.id}) look at this`));
    await t.app.outbox.drain();
    const notes = await zelda.as({ method: 'GET', url: '/api/me/notifications' });
    expect(notes.json().notifications.map((n: { kind: string }) => n.kind)).toContain('community.mentioned');
  });

  it('Q&A: the author marks an accepted answer; its writer earns points once; others cannot mark', async () => {
    const ada = await signedIn(t);
    const bob = await signedIn(t);
    const { thread } = await startThread(ada, cats['product-feedback'], unique('How do I export?'));
    const answer = (await reply(bob, thread.id, unique('Settings → Export'))).json().post;
    const before = (await balance(bob)).balance;
    const stranger = await signedIn(t);
    const refused = await stranger.as({
      method: 'POST',
      url: `/api/community/threads/${thread.id}/accepted`,
      payload: { postId: answer.id },
    });
    expect(refused.statusCode).toBe(403);
    const ok = await ada.as({
      method: 'POST',
      url: `/api/community/threads/${thread.id}/accepted`,
      payload: { postId: answer.id },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().thread).toMatchObject({ acceptedPostId: answer.id, answered: true });
    await ada.as({ method: 'POST', url: `/api/community/threads/${thread.id}/accepted`, payload: { postId: null } });
    await ada.as({
      method: 'POST',
      url: `/api/community/threads/${thread.id}/accepted`,
      payload: { postId: answer.id },
    });
    expect((await balance(bob)).balance).toBe(before + 25);
    const notQa = await startThread(ada, cats.fun);
    const res = await ada.as({
      method: 'POST',
      url: `/api/community/threads/${notQa.thread.id}/accepted`,
      payload: { postId: notQa.post.id },
    });
    expect(res.statusCode).toBe(409);
  });
});

describe('search', () => {
  it('finds posts and titles I may see, ranked, with highlighted plain-text snippets; filters by category and author', async () => {
    const ada = await signedIn(t);
    const word = `quasar${crypto.randomBytes(3).toString('hex')}`;
    const { thread } = await startThread(
      ada,
      cats['best-practices'],
      `The **${word}** setup works well for [teams](https://example.com).`,
    );
    const res = await ada.as({ method: 'GET', url: `/api/community/search?q=${word}` });
    expect(res.statusCode, res.body).toBe(200);
    const [hit] = res.json().results;
    expect(hit).toMatchObject({ threadId: thread.id, category: { id: cats['best-practices'] } });
    expect(hit.snippet.find((p: { hit: boolean }) => p.hit).text.toLowerCase()).toBe(word);
    expect(hit.snippet.map((p: { text: string }) => p.text).join('')).not.toMatch(/\*\*|\]\(/);
    const other = await ada.as({ method: 'GET', url: `/api/community/search?q=${word}&categoryId=${cats.fun}` });
    expect(other.json().results).toEqual([]);
    const byAuthor = await ada.as({ method: 'GET', url: `/api/community/search?q=${word}&authorId=${ada.member.id}` });
    expect(byAuthor.json().results).toHaveLength(1);
    // A post hidden by a moderator is no longer found.
    await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${hit.postId}`,
      payload: { action: 'hide', reason: 'test' },
    });
    const gone = await ada.as({ method: 'GET', url: `/api/community/search?q=${word}` });
    expect(gone.json().results).toEqual([]);
  });

  it('odd queries are answered, not crashed on', async () => {
    const ada = await signedIn(t);
    for (const q of ['"unclosed', 'a & b | !c', '-', ':*', "'; drop table x; --", '\u00e9t\u00e9 \u{1F600}'])
      expect(
        (await ada.as({ method: 'GET', url: `/api/community/search?q=${encodeURIComponent(q)}` })).statusCode,
      ).toBe(200);
  });
});

describe('anti-spam', () => {
  it('the same text twice in a day is refused with 409 community.duplicate_post', async () => {
    const ada = await signedIn(t);
    const { thread } = await startThread(ada);
    const text = unique('Same words');
    expect((await reply(ada, thread.id, text)).statusCode).toBe(201);
    const again = await reply(ada, thread.id, `  ${text.toUpperCase()} `);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('community.duplicate_post');
  });

  it('more than the per-minute limit gets 429 community.rate_limited with a retry time', async () => {
    const ada = await signedIn(t);
    const { thread } = await startThread(ada);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await reply(ada, thread.id, unique(`Post ${i}`))).statusCode);
    expect(codes.slice(0, 4)).toEqual([201, 201, 201, 201]);
    const res = await reply(ada, thread.id, unique('one too many'));
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('community.rate_limited');
    expect(res.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('links of untrusted new members are marked not clickable; trusted members and staff link', async () => {
    const newbie = await signedIn(t, { trusted: false });
    const { post } = await startThread(newbie, cats.fun, unique('Visit https://spam.example now'));
    const view = await newbie.as({ method: 'GET', url: `/api/community/categories` });
    expect(view.json().me.linksAllowed).toBe(false);
    const trusted = await signedIn(t, { trusted: true });
    expect((await trusted.as({ method: 'GET', url: `/api/community/categories` })).json().me.linksAllowed).toBe(true);
    const row = await t.database.db.execute<{ links_allowed: boolean }>(
      sql`select links_allowed from community_posts where id = ${post.id}`,
    );
    expect(row.rows[0]!.links_allowed).toBe(false);
  });
});

describe('the community-post stage', () => {
  it('“Introduce yourself” completes itself when the advocate posts in Introductions', async () => {
    const challenge = await makeChallenge(admin, {
      title: unique('Introduce yourself'),
      stages: [
        {
          kind: 'community_post',
          title: 'Post your introduction',
          points: 40,
          config: { categoryId: cats.introductions, minLength: 20 },
        },
      ],
    });
    const ada = await signedIn(t);
    // Too short: nothing happens.
    const short = await startThread(ada, cats.introductions, unique('Hi'));
    void short;
    await t.app.outbox.drain();
    let view = await ada.as({ method: 'GET', url: `/api/challenges/${challenge.id}` });
    expect(view.json().challenge?.myStatus ?? view.json().myStatus).not.toBe('completed');
    await startThread(ada, cats.introductions, unique('Hello! I run the data team at Acme and love dashboards.'));
    await t.app.outbox.drain();
    view = await ada.as({ method: 'GET', url: `/api/challenges/${challenge.id}` });
    const c = view.json().challenge ?? view.json();
    expect(c.myStatus).toBe('completed');
    // A post elsewhere would not have done it; and the ledger holds.
    expect(await ledgerMismatches(t.database)).toEqual([]);
  });
});
