import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@advocate-hub/shared';
import { createMember, isolatedDatabase, PASSWORD } from './helpers.js';
import { spawnHub, type HubProcess } from './hub-process.js';

// Two hub processes on one PostgreSQL and one Redis, as behind a load balancer: what happens on
// node A reaches a socket connected to node B.

const REDIS_URL = process.env.REDIS_URL ?? (process.env.CI ? 'redis://127.0.0.1:6379' : '');

async function redisAnswers(url: string): Promise<boolean> {
  if (!url) return false;
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port || 6379), hostname, () => {
      s.write('PING\r\n');
    });
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.once('error', () => resolve(false));
    s.setTimeout(1_000, () => (s.destroy(), resolve(false)));
  });
}

function startNode(databaseUrl: string, publicUrl: string): Promise<HubProcess> {
  return spawnHub(databaseUrl, { publicUrl, env: { REDIS_URL } });
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function waitFor<E extends keyof ServerToClientEvents>(
  s: Socket<ServerToClientEvents, ClientToServerEvents>,
  event: E,
  match: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within 10 s`)), 10_000);
    (s.on as (e: string, f: (p: Parameters<ServerToClientEvents[E]>[0]) => void) => void)(event, (p) => {
      if (match(p)) {
        clearTimeout(timer);
        resolve(p);
      }
    });
  });
}

const redisUp = await redisAnswers(REDIS_URL);
if (process.env.CI && !redisUp) throw new Error(`CI needs Redis for the two-node test (REDIS_URL=${REDIS_URL})`);

describe.skipIf(!redisUp)('two hub processes, one PostgreSQL, one Redis', () => {
  let iso: Awaited<ReturnType<typeof isolatedDatabase>>;
  let a: HubProcess;
  let b: HubProcess;

  beforeAll(async () => {
    iso = await isolatedDatabase();
    // Both nodes answer for one public address (as behind a load balancer).
    const publicUrl = 'http://hub.test';
    [a, b] = await Promise.all([startNode(iso.url, publicUrl), startNode(iso.url, publicUrl)]);
  }, 90_000);
  afterAll(async () => {
    for (const n of [a, b]) n?.child.kill('SIGTERM');
    await Promise.all([a, b].map((n) => n && new Promise((r) => n.child.once('exit', r))));
    await iso?.drop();
  });

  it('an adjustment on node A reaches a socket on node B: the board (through PostgreSQL) and me:update (through Redis)', async () => {
    const admin = await createMember(iso.database, { roles: ['admin'] });
    const member = await createMember(iso.database, { name: 'Cross Node' });
    const adminCookie = await signIn(a.url, admin.email);
    const memberCookie = await signIn(a.url, member.email);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(b.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: memberCookie },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(
        await socket.timeout(5_000).emitWithAck('leaderboard:subscribe', { board: 'global', period: 'all' }),
      ).toEqual({
        ok: true,
      });
      const board = waitFor(socket, 'leaderboard:update', (p) => p.entries.some((e) => e.name === 'Cross Node'));
      const me = waitFor(socket, 'me:update', (p) => p.lifetime === 75);
      const res = await fetch(`${a.url}/api/admin/members/${member.id}/adjustments`, {
        method: 'POST',
        headers: { cookie: adminCookie, 'content-type': 'application/json' },
        body: JSON.stringify({ points: 75, reason: 'Spoke at the meetup' }),
      });
      expect(res.status).toBe(201);
      // me:update is emitted once, by node A, and reaches B through the Redis adapter.
      expect(await me).toMatchObject({ balance: 75, lifetime: 75 });
      // Node B's board learnt of the entry from PostgreSQL.
      expect((await board).entries.find((e) => e.name === 'Cross Node')).toMatchObject({ rank: 1, points: 75 });
    } finally {
      socket.disconnect();
    }
  }, 60_000);

  it('a reply posted on node A reaches a thread page open on node B (thread room through Redis)', async () => {
    const author = await createMember(iso.database, { name: 'Room Author' });
    const reader = await createMember(iso.database, { name: 'Room Reader' });
    const authorCookie = await signIn(a.url, author.email);
    const readerCookie = await signIn(b.url, reader.email);
    const headers = { cookie: authorCookie, 'content-type': 'application/json' };
    const cats = await (await fetch(`${a.url}/api/community/categories`, { headers })).json();
    const fun = cats.categories.find((c: { slug: string }) => c.slug === 'fun').id;
    const created = await fetch(`${a.url}/api/community/threads`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ categoryId: fun, title: 'Across nodes', body: 'Does this travel?' }),
    });
    expect(created.status).toBe(201);
    const threadId = (await created.json()).thread.id as string;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(b.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: readerCookie },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      expect(await socket.timeout(5_000).emitWithAck('thread:subscribe', { threadId })).toEqual({ ok: true });
      const change = waitFor(socket, 'thread:changed', (p) => p.threadId === threadId && p.kind === 'post');
      const reply = await fetch(`${a.url}/api/community/threads/${threadId}/posts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ body: 'It does.' }),
      });
      expect(reply.status).toBe(201);
      const { post } = await reply.json();
      expect(await change).toMatchObject({ threadId, kind: 'post', postId: post.id, seq: post.seq });
    } finally {
      socket.disconnect();
    }
  }, 60_000);
});
