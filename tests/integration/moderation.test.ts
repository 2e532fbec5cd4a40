/**
 * Flags, the ranked moderation queue, moderators' decisions and sanctions: exactly-once hiding and
 * queueing under parallel flags, one winner between two moderators, points reversed once and never
 * below zero, silence and suspension lifted when they end, the daily cap under parallel posts.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../server/src/db/kit.js';
import { createTestApp, isolatedDatabase, ledgerMismatches, login, signedIn, type TestApp } from './helpers.js';

let t: TestApp;
type Signed = Awaited<ReturnType<typeof signedIn>>;
let mod: Signed;
let mod2: Signed;
let fun: string;

beforeAll(async () => {
  t = await createTestApp();
  mod = await signedIn(t, { roles: ['moderator'] });
  mod2 = await signedIn(t, { roles: ['moderator'] });
  const res = await mod.as({ method: 'GET', url: '/api/community/categories' });
  fun = res.json().categories.find((c: { slug: string }) => c.slug === 'fun').id;
});
afterAll(async () => {
  await t.close();
});

const unique = (text: string) => `${text} ${crypto.randomBytes(4).toString('hex')}`;

async function post(who: Signed, categoryId = fun) {
  const res = await who.as({
    method: 'POST',
    url: '/api/community/threads',
    payload: { categoryId, title: unique('Thread'), body: unique('Some words worth reading') },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { thread: { id: string }; post: { id: string } };
}
const flag = (who: Signed, postId: string, reason = 'spam') =>
  who.as({ method: 'POST', url: `/api/community/posts/${postId}/flags`, payload: { reason } });
const points = async (who: Signed) => (await who.as({ method: 'GET', url: '/api/me/points' })).json().balance as number;

describe('flags', () => {
  it('one flag per member and post; never on your own post', async () => {
    const ada = await signedIn(t);
    const bob = await signedIn(t);
    const { post: p } = await post(ada);
    expect((await flag(bob, p.id)).statusCode).toBe(201);
    const again = await flag(bob, p.id, 'other');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('community.already_flagged');
    const own = await flag(ada, p.id);
    expect(own.statusCode).toBe(422);
    expect(own.json().error.code).toBe('community.own_post');
  });

  it('20 parallel flags on one post hide it exactly once and queue it once; the author is told once', async () => {
    const ada = await signedIn(t);
    const { thread, post: p } = await post(ada);
    const flaggers = await Promise.all(Array.from({ length: 20 }, () => signedIn(t)));
    const results = await Promise.all(flaggers.map((f) => flag(f, p.id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(results.filter((r) => r.json().hidden)).toHaveLength(1);
    const queued = await t.database.db.execute<{ n: number; score: number }>(
      sql`select count(*)::int as n, max(score_milli)::int as score from moderation_queue where post_id = ${p.id}`,
    );
    expect(queued.rows[0]).toEqual({ n: 1, score: 20_000 });
    await t.app.outbox.drain();
    const notes = await ada.as({ method: 'GET', url: '/api/me/notifications' });
    expect(notes.json().notifications.filter((n: { kind: string }) => n.kind === 'community.post_hidden')).toHaveLength(
      1,
    );
    // Hidden from others (the thread's first post: the thread too), still there for its author.
    const other = await signedIn(t);
    expect((await other.as({ method: 'GET', url: `/api/community/threads/${thread.id}` })).statusCode).toBe(404);
    const mine = await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}` });
    expect(mine.json().posts[0].status).toBe('hidden');
  });

  it('a flagger’s weight follows their accuracy: upheld flags weigh more, overruled ones less', async () => {
    const accurate = await signedIn(t);
    const sloppy = await signedIn(t);
    for (let i = 0; i < 2; i++) {
      const author = await signedIn(t);
      const a = await post(author);
      await flag(accurate, a.post.id);
      await mod.as({ method: 'POST', url: `/api/moderation/posts/${a.post.id}`, payload: { action: 'agree' } });
      const b = await post(author);
      await flag(sloppy, b.post.id);
      await mod.as({ method: 'POST', url: `/api/moderation/posts/${b.post.id}`, payload: { action: 'disagree' } });
    }
    const author = await signedIn(t);
    const target = await post(author);
    await flag(accurate, target.post.id);
    await flag(sloppy, target.post.id);
    const queue = await mod.as({ method: 'GET', url: '/api/moderation/queue?limit=100' });
    const item = queue.json().items.find((i: { post: { id: string } }) => i.post.id === target.post.id);
    const weights = Object.fromEntries(
      item.flags.map((f: { flagger: { id: string }; weight: number }) => [f.flagger.id, f.weight]),
    );
    expect(weights[accurate.member.id]).toBeCloseTo(1.5, 3); // 2 × (2+1)/(2+2)
    expect(weights[sloppy.member.id]).toBeCloseTo(0.5, 3); // 2 × (0+1)/(2+2)
    expect(item.score).toBeCloseTo(2, 3);
    const history = await mod.as({ method: 'GET', url: `/api/moderation/members/${accurate.member.id}` });
    expect(history.json().counts.flagWeight).toBeCloseTo(1.5, 3);
  });
});

describe('the queue and decisions', () => {
  it('is ranked by flag weight, and two moderators deciding at once: one wins, the other gets 409', async () => {
    const ada = await signedIn(t);
    const light = await post(ada);
    const heavy = await post(ada);
    await flag(await signedIn(t), light.post.id);
    for (let i = 0; i < 2; i++) await flag(await signedIn(t), heavy.post.id);
    const queue = (await mod.as({ method: 'GET', url: '/api/moderation/queue?limit=100' })).json();
    const order = queue.items.map((i: { post: { id: string } }) => i.post.id);
    expect(order.indexOf(heavy.post.id)).toBeLessThan(order.indexOf(light.post.id));
    const scores = queue.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const [a, b] = await Promise.all([
      mod.as({ method: 'POST', url: `/api/moderation/posts/${heavy.post.id}`, payload: { action: 'agree' } }),
      mod2.as({ method: 'POST', url: `/api/moderation/posts/${heavy.post.id}`, payload: { action: 'disagree' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('moderation.conflict');
    const [h1, h2] = await Promise.all([
      mod.as({
        method: 'POST',
        url: `/api/moderation/posts/${light.post.id}`,
        payload: { action: 'hide', reason: 'x' },
      }),
      mod2.as({
        method: 'POST',
        url: `/api/moderation/posts/${light.post.id}`,
        payload: { action: 'hide', reason: 'x' },
      }),
    ]);
    expect([h1.statusCode, h2.statusCode].sort()).toEqual([200, 409]);
  });

  it('removing a post takes back its points exactly once and never below zero; all of it audited and told', async () => {
    const ada = await signedIn(t);
    const bob = await signedIn(t);
    const { thread, post: p } = await post(ada); // +10
    const r = await bob.as({
      method: 'POST',
      url: `/api/community/threads/${thread.id}/posts`,
      payload: { body: unique('Nice') },
    });
    const replyId = r.json().post.id;
    await ada.as({
      method: 'PUT',
      url: `/api/community/posts/${replyId}/reactions`,
      payload: { kind: 'like', active: true },
    });
    expect(await points(bob)).toBe(6); // reply 5 + reaction 1
    // Bob spends some: the reversal takes only what is left.
    await t.database.db.execute(sql`update members set balance = 0 where id = ${bob.member.id}`);
    await t.database.db
      .execute(sql`insert into point_entries (member_id, delta, lifetime_delta, kind, source_type, reason)
      values (${bob.member.id}, -6, 0, 'redeem', 'test', 'spent')`);
    const del = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${replyId}`,
      payload: { action: 'delete', reason: 'Off-topic advertising' },
    });
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().post).toMatchObject({ status: 'deleted', pointsReversed: 0 });
    const bobTotals = (await bob.as({ method: 'GET', url: '/api/me/points' })).json();
    expect(bobTotals).toMatchObject({ balance: 0, lifetime: 0 });
    const again = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${replyId}`,
      payload: { action: 'delete' },
    });
    expect(again.statusCode).toBe(409);
    // Ada's thread: hidden by a moderator → 10 points back, once, even if hidden, restored and hidden again.
    const hide = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${p.id}`,
      payload: { action: 'hide', reason: 'Rude' },
    });
    expect(hide.json().post.pointsReversed).toBe(10);
    await mod.as({ method: 'POST', url: `/api/moderation/posts/${p.id}`, payload: { action: 'restore' } });
    const hide2 = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${p.id}`,
      payload: { action: 'hide', reason: 'Rude' },
    });
    expect(hide2.json().post.pointsReversed).toBe(0);
    expect(await points(ada)).toBe(0);
    expect(await ledgerMismatches(t.database)).toEqual([]);
    const audit = await t.database.db.execute<{ action: string }>(
      sql`select action from audit_log where target_id in (${replyId}, ${p.id}) order by id`,
    );
    expect(audit.rows.map((x) => x.action)).toEqual([
      'community.post_delete',
      'community.post_hide',
      'community.post_restore',
      'community.post_hide',
    ]);
    await t.app.outbox.drain();
    const notes = (await bob.as({ method: 'GET', url: '/api/me/notifications' })).json().notifications;
    expect(notes.find((n: { kind: string }) => n.kind === 'community.post_removed').body).toContain(
      'Off-topic advertising',
    );
  });

  it('a moderator edits a post with a reason; the earlier text stays in its history', async () => {
    const ada = await signedIn(t);
    const { post: p } = await post(ada);
    const noReason = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${p.id}`,
      payload: { action: 'edit', body: 'x' },
    });
    expect(noReason.statusCode).toBe(400);
    const ok = await mod.as({
      method: 'POST',
      url: `/api/moderation/posts/${p.id}`,
      payload: { action: 'edit', body: 'Cleaned up text', reason: 'Removed a phone number' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const revs = (await mod.as({ method: 'GET', url: `/api/community/posts/${p.id}/revisions` })).json().revisions;
    expect(revs[0]).toMatchObject({ reason: 'Removed a phone number', editedBy: { id: mod.member.id } });
  });

  it('threads: pin, move, hide and restore; a no-op is 409', async () => {
    const ada = await signedIn(t);
    const { thread } = await post(ada);
    const cats = (await mod.as({ method: 'GET', url: '/api/community/categories' })).json().categories;
    const bp = cats.find((c: { slug: string }) => c.slug === 'best-practices').id;
    expect(
      (await mod.as({ method: 'POST', url: `/api/moderation/threads/${thread.id}`, payload: { action: 'pin' } }))
        .statusCode,
    ).toBe(200);
    const moved = await mod.as({
      method: 'POST',
      url: `/api/moderation/threads/${thread.id}`,
      payload: { action: 'move', categoryId: bp },
    });
    expect(moved.json().thread).toMatchObject({ categoryId: bp, pinned: true });
    expect(
      (
        await mod.as({
          method: 'POST',
          url: `/api/moderation/threads/${thread.id}`,
          payload: { action: 'move', categoryId: bp },
        })
      ).statusCode,
    ).toBe(409);
    await mod.as({
      method: 'POST',
      url: `/api/moderation/threads/${thread.id}`,
      payload: { action: 'hide', reason: 'Duplicate' },
    });
    expect((await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}` })).statusCode).toBe(404);
    await mod.as({ method: 'POST', url: `/api/moderation/threads/${thread.id}`, payload: { action: 'restore' } });
    expect((await ada.as({ method: 'GET', url: `/api/community/threads/${thread.id}` })).statusCode).toBe(200);
  });
});

describe('sanctions', () => {
  it('silence makes a member read-only (403 community.silenced before validation) until lifted', async () => {
    const ada = await signedIn(t);
    const res = await mod.as({
      method: 'POST',
      url: `/api/moderation/members/${ada.member.id}`,
      payload: { action: 'silence', reason: 'Cooling off' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().member.silenced).toBe(true);
    const write = await ada.as({ method: 'POST', url: '/api/community/threads', payload: { junk: true } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('community.silenced');
    expect((await ada.as({ method: 'GET', url: '/api/community/categories' })).json().me.silenced).toBe(true);
    expect(
      (
        await mod.as({
          method: 'POST',
          url: `/api/moderation/members/${ada.member.id}`,
          payload: { action: 'lift', reason: 'ok' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await post(ada)).thread.id).toBeTruthy();
    const none = await mod.as({
      method: 'POST',
      url: `/api/moderation/members/${ada.member.id}`,
      payload: { action: 'lift', reason: 'again' },
    });
    expect(none.statusCode).toBe(404);
  });

  it('staff cannot be sanctioned; an end in the past is refused', async () => {
    const res = await mod.as({
      method: 'POST',
      url: `/api/moderation/members/${mod2.member.id}`,
      payload: { action: 'suspend', reason: 'x' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('moderation.cannot_sanction_staff');
    const ada = await signedIn(t);
    const past = await mod.as({
      method: 'POST',
      url: `/api/moderation/members/${ada.member.id}`,
      payload: { action: 'silence', reason: 'x', until: new Date(Date.now() - 1000).toISOString() },
    });
    expect(past.statusCode).toBe(400);
  });

  it('a timed silence ends by itself; a timed suspension ends sessions now and is lifted when it ends', async () => {
    const fast = await createTestApp({ sanctionSweepMs: 200 });
    try {
      const moderator = await signedIn(fast, { roles: ['moderator'] });
      const ada = await signedIn(fast);
      const until = new Date(Date.now() + 1500).toISOString();
      await moderator.as({
        method: 'POST',
        url: `/api/moderation/members/${ada.member.id}`,
        payload: { action: 'silence', reason: 'Short break', until },
      });
      const silenced = await ada.as({
        method: 'PUT',
        url: `/api/community/posts/${crypto.randomUUID()}/reactions`,
        payload: { kind: 'like', active: true },
      });
      expect(silenced.json().error.code).toBe('community.silenced');
      const bob = await signedIn(fast);
      const sus = await moderator.as({
        method: 'POST',
        url: `/api/moderation/members/${bob.member.id}`,
        payload: { action: 'suspend', reason: 'Spam wave', until },
      });
      expect(sus.json().member.status).toBe('suspended');
      expect((await bob.as({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
      await new Promise((r) => setTimeout(r, 2200));
      const back = await ada.as({ method: 'GET', url: '/api/community/categories' });
      expect(back.json().me.silenced).toBe(false);
      const jar = await login(fast.app, bob.member.email);
      expect(Object.keys(jar)).toContain('ah_at');
      const sanctions = (await moderator.as({ method: 'GET', url: '/api/moderation/sanctions?active=true' })).json()
        .sanctions;
      expect(
        sanctions.filter((s: { memberId: string }) => [ada.member.id, bob.member.id].includes(s.memberId)),
      ).toEqual([]);
    } finally {
      await fast.close();
    }
  });
});

describe('participation points under load', () => {
  it('respect the daily cap under 20 parallel posts (program time zone)', async () => {
    const iso = await isolatedDatabase();
    const app = await createTestApp({ database: iso.database });
    try {
      const admin = await signedIn(app, { roles: ['admin'] });
      const settings = (await admin.as({ method: 'GET', url: '/api/admin/community/settings' })).json().settings;
      const put = await admin.as({
        method: 'PUT',
        url: '/api/admin/community/settings',
        payload: {
          ...settings,
          postsPerMinute: 100,
          postsPerHour: 1000,
          dailyCap: 42,
          points: { ...settings.points, reply: 5 },
        },
      });
      expect(put.statusCode, put.body).toBe(200);
      const ada = await signedIn(app);
      const cats = (await ada.as({ method: 'GET', url: '/api/community/categories' })).json().categories;
      const c = cats.find((x: { slug: string }) => x.slug === 'fun').id;
      const thread = await ada.as({
        method: 'POST',
        url: '/api/community/threads',
        payload: { categoryId: c, title: 'Cap', body: 'Cap test' },
      });
      const tid = thread.json().thread.id; // +10
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ada.as({
            method: 'POST',
            url: `/api/community/threads/${tid}/posts`,
            payload: { body: `Reply number ${i}` },
          }),
        ),
      );
      expect(replies.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
      const totals = (await ada.as({ method: 'GET', url: '/api/me/points' })).json();
      expect(totals.balance).toBe(42);
      expect(totals.lifetime).toBe(42);
      expect(await ledgerMismatches(iso.database)).toEqual([]);
    } finally {
      await app.close();
      await iso.drop();
    }
  });
});
