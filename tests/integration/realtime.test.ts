import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@advocate-hub/shared';
import {
  complete,
  cookieHeader,
  createTestApp,
  isolatedDatabase,
  login,
  makeChallenge,
  signedIn,
  type InjectOptions,
  type TestApp,
} from './helpers.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
let t: TestApp;
let url: string;
let admin: Awaited<ReturnType<typeof signedIn>>;
const open: Client[] = [];

beforeAll(async () => {
  iso = await isolatedDatabase();
  t = await createTestApp({ database: iso.database, auth: { accessTtlSeconds: 3 }, realtime: { sweepMs: 300 } });
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await signedIn(t, { roles: ['admin'] });
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  await t.app.close();
  await iso.drop();
});

function socket(opts: { cookie?: string; token?: string; origin?: string } = {}): Client {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const s: Client = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
    auth: opts.token ? { token: opts.token } : {},
  });
  open.push(s);
  return s;
}

function outcome(s: Client): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer within 5 s'), 5_000);
    s.once('connect', () => (clearTimeout(timer), resolve('connected')));
    s.once('connect_error', (err) => (clearTimeout(timer), resolve(err.message)));
  });
}

function next<E extends keyof ServerToClientEvents>(
  s: Client,
  event: E,
  match: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const on = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(p)) return;
      clearTimeout(timer);
      (s.off as (e: string, f: unknown) => void)(event, on);
      resolve(p);
    };
    (s.on as (e: string, f: unknown) => void)(event, on);
  });
}

/** The admin, signed in afresh (access tokens of this app live 3 s). */
async function asAdmin() {
  const jar = await login(t.app, admin.member.email);
  return (opts: InjectOptions) => t.app.inject({ ...opts, headers: { cookie: cookieHeader(jar) } } as never);
}

async function adjust(memberId: string, points: number) {
  const res = await (
    await asAdmin()
  )({
    method: 'POST',
    url: `/api/admin/members/${memberId}/adjustments`,
    payload: { points, reason: 'Live test' },
  });
  expect(res.statusCode, res.body).toBe(201);
}

describe('socket.io', () => {
  it('refuses a handshake without a session, with a bad token, or from a foreign origin', async () => {
    expect(await outcome(socket())).toBe('auth.required');
    expect(await outcome(socket({ token: 'not-a-jwt' }))).toBe('auth.invalid_token');
    const m = await signedIn(t);
    expect(await outcome(socket({ cookie: cookieHeader(m.jar), origin: 'https://evil.example' }))).not.toBe(
      'connected',
    );
    expect(await outcome(socket({ cookie: cookieHeader(m.jar), origin: 'http://hub.test' }))).toBe('connected');
  });

  it('pushes board changes to watchers, and me:update only to the member it is about', async () => {
    // Each connects right after signing in: access tokens of this app live 3 s.
    const a = await signedIn(t, { name: 'Alpha' });
    const sa = socket({ cookie: cookieHeader(a.jar) });
    expect(await outcome(sa)).toBe('connected');
    const b = await signedIn(t, { name: 'Beta' });
    const sb = socket({ cookie: cookieHeader(b.jar) });
    expect(await outcome(sb)).toBe('connected');
    const ack = await sb
      .timeout(5_000)
      .emitWithAck('leaderboard:subscribe', { board: 'global', period: 'all', limit: 10 });
    expect(ack).toEqual({ ok: true });
    const meUpdates: unknown[] = [];
    sb.on('me:update', (p) => meUpdates.push(p));

    const update = next(sb, 'leaderboard:update', (p) => p.entries.some((e) => e.name === 'Alpha' && e.points === 40));
    const mine = next(sa, 'me:update', (p) => p.lifetime === 40);
    await adjust(a.member.id, 40);
    const u = await update;
    expect(u.entries.find((e) => e.name === 'Alpha')).toMatchObject({ rank: 1, points: 40 });
    expect((await mine).balance).toBe(40);

    // Beta passes Alpha: Beta's own standing arrives on its socket.
    const meOnBoard = next(sb, 'leaderboard:me', (p) => p.me?.rank === 1);
    await adjust(b.member.id, 50);
    expect((await meOnBoard).me).toMatchObject({ rank: 1, points: 50 });
    await new Promise((r) => setTimeout(r, 300));
    // Beta saw its own me:update, never Alpha's.
    expect(meUpdates.every((p) => (p as { lifetime: number }).lifetime === 50)).toBe(true);
  });

  it("pushes a new notification to the member's sockets (a review decision, delivered through the outbox)", async () => {
    const m = await signedIn(t, { name: 'Reviewed' });
    const s = socket({ cookie: cookieHeader(m.jar) });
    expect(await outcome(s)).toBe('connected');
    const adminAs = await asAdmin();
    const ch = await makeChallenge({ as: adminAs } as Parameters<typeof makeChallenge>[0], {
      stages: [{ kind: 'confirm', title: 'Tell us', points: 30, needsReview: true }],
    });
    const done = await complete(m, ch.id);
    expect(done.statusCode, done.body).toBe(201);
    const pushed = next(s, 'notification:new');
    const review = await adminAs({
      method: 'POST',
      url: `/api/admin/reviews/${done.json().completion.id}`,
      payload: { decision: 'approve' },
    });
    expect(review.statusCode, review.body).toBe(200);
    await t.app.outbox.drain();
    const p = await pushed;
    expect(p.notification.title).toMatch(/^Approved/);
    expect(p.unread).toBe(1);
  });

  it('ends the socket when the member signs out, is suspended, or the access token expires', async () => {
    const m = await signedIn(t);
    const s = socket({ cookie: cookieHeader(m.jar) });
    expect(await outcome(s)).toBe('connected');
    const ended = next(s, 'session:end');
    await m.as({ method: 'POST', url: '/api/auth/logout' });
    expect(await ended).toEqual({ reason: 'ended' });

    const n = await signedIn(t);
    const s2 = socket({ cookie: cookieHeader(n.jar) });
    expect(await outcome(s2)).toBe('connected');
    const suspended = next(s2, 'session:end');
    const res = await (
      await asAdmin()
    )({
      method: 'POST',
      url: `/api/admin/members/${n.member.id}/suspend`,
      payload: { reason: 'Testing' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await suspended).reason).toMatch(/ended|suspended/);

    // A session that runs out without a push (its refresh token expired): the periodic check ends it.
    const q = await signedIn(t);
    const s4 = socket({ cookie: cookieHeader(q.jar) });
    expect(await outcome(s4)).toBe('connected');
    const swept = next(s4, 'session:end');
    await t.database.pool.query(
      `update refresh_tokens set expires_at = now() - interval '1 second' where member_id = $1`,
      [q.member.id],
    );
    expect(await swept).toEqual({ reason: 'ended' });

    // Access tokens live 3 s in this app: the socket ends with its token.
    const o = await signedIn(t);
    const s3 = socket({ cookie: cookieHeader(o.jar) });
    expect(await outcome(s3)).toBe('connected');
    expect(await next(s3, 'session:end', () => true, 6_000)).toEqual({ reason: 'expired' });
  });
});

describe('thread rooms', () => {
  it('a thread room admits only readers of the thread, and tells them of each new reply', async () => {
    const author = await signedIn(t);
    const cats = (await author.as({ method: 'GET', url: '/api/community/categories' })).json().categories;
    const fun = cats.find((c: { slug: string }) => c.slug === 'fun').id;
    const created = await author.as({
      method: 'POST',
      url: '/api/community/threads',
      payload: { categoryId: fun, title: 'Live thread', body: 'Watch this space' },
    });
    const threadId = created.json().thread.id as string;
    // A thread in a category targeted at a group the reader is not in.
    const asStaff = await asAdmin();
    const group = await asStaff({ method: 'POST', url: '/api/admin/groups', payload: { name: 'Room insiders' } });
    const secret = await asStaff({
      method: 'POST',
      url: '/api/admin/community/categories',
      payload: { name: 'Room secret', targeting: { includeGroupIds: [group.json().group.id] } },
    });
    const hidden = await asStaff({
      method: 'POST',
      url: '/api/community/threads',
      payload: { categoryId: secret.json().category.id, title: 'Staff only', body: 'Not for everyone' },
    });
    const reader = await signedIn(t);
    const s = socket({ cookie: cookieHeader(reader.jar) });
    expect(await outcome(s)).toBe('connected');
    expect(await s.timeout(5_000).emitWithAck('thread:subscribe', { threadId })).toEqual({ ok: true });
    const refused = await s
      .timeout(5_000)
      .emitWithAck('thread:subscribe', { threadId: hidden.json().thread.id as string });
    expect(refused).toMatchObject({ ok: false, code: 'community.thread_not_found' });
    expect(await s.timeout(5_000).emitWithAck('thread:subscribe', { threadId: 'nope' })).toMatchObject({ ok: false });
    const change = next(s, 'thread:changed');
    const reply = await author.as({
      method: 'POST',
      url: `/api/community/threads/${threadId}/posts`,
      payload: { body: 'A live reply' },
    });
    expect(await change).toMatchObject({ threadId, kind: 'post', postId: reply.json().post.id });
  });
});
