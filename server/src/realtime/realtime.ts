import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import {
  BoardId,
  ErrorCode,
  LeaderboardErrorCode,
  Period,
  SOCKET_PATH,
  type ClientToServerEvents,
  type LeaderboardMe,
  type ServerToClientEvents,
  type SessionEndReason,
  type SubscribeAck,
} from '@advocate-hub/shared';
import { databaseIdentity, type Db } from '../db/client.js';
import { isUuid } from '@advocate-hub/shared';
import { liveSessions, memberForRequest } from '../modules/auth/auth.repo.js';
import { ACCESS_COOKIE } from '../modules/auth/auth.plugin.js';
import type { LeaderboardsService, ResolvedBoard } from '../modules/leaderboards/leaderboards.service.js';
import type { View } from '../modules/leaderboards/engine/standing.js';
import { earningById } from '../modules/leaderboards/leaderboards.repo.js';
import { AppError } from '../platform/errors.js';
import type { EventBus } from '../platform/events.js';
import { notificationsRepo } from '../modules/notifications/notifications.repo.js';

export interface RealtimeOptions {
  db: Db;
  publicUrl: string;
  redisUrl?: string;
  leaderboards: LeaderboardsService;
  bus: EventBus;
  /** At most one `leaderboard:update` per room this often (ms). */
  coalesceMs?: number;
  /** How often every socket's session is checked again (ms), besides the pushes that end them at once. */
  sweepMs?: number;
  /** Whether a member may read a community thread (its room follows the REST API's rule). */
  canReadThread?: (
    member: { id: string; roles: ('advocate' | 'admin' | 'moderator')[] },
    threadId: string,
  ) => Promise<boolean>;
}

interface SocketData {
  memberId: string;
  sid: string;
  roles: string[];
  /** When the access token the socket connected with expires (ms). */
  expiresAt: number;
  /** Boards watched: room → a key of the last `me` sent, to tell whether it changed. */
  watching: Map<string, string>;
  /** Room → when the last `me` went out. */
  meAt: Map<string, number>;
}

type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type HubServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** One board and period watched by sockets of this node. */
interface Room {
  name: string;
  board: ResolvedBoard;
  period: string;
  viewKey: string | null;
  limit: number;
  walls: number;
  lastTop: string;
  dirty: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  lastFlush: number;
  /** Sockets that joined so far: each goes into shard `joined / SHARD` too. */
  joined: number;
}

/** Sockets per shard of a room: a broadcast goes out one shard at a time, yielding in between. */
const SHARD = 500;
/**
 * At most one `leaderboard:me` per socket and board this often: 1 ms per socket in the room, from
 * 250 ms (a flush) to 5 s (5,000 watching), so that a crowd's own standings do not crowd out the
 * work that moves them.
 */
const meInterval = (roomSize: number) => Math.min(5_000, Math.max(250, roomSize));
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

const roomOf = (board: string, period: string) => `lb:${board}|${period}`;

/**
 * socket.io on the hub's own server and port. The handshake is authenticated like a request (the
 * access cookie or `auth.token`, a live session, an active member) and a foreign `Origin` is
 * refused. Each node pushes leaderboard changes, new notifications and ended sessions to its own
 * sockets (every node learns of them from PostgreSQL); `me:update` is emitted once by the node that
 * made the change and reaches the member's sockets on every node through the adapter (Redis with
 * `REDIS_URL`).
 */
export class Realtime {
  readonly io: HubServer;
  private rooms = new Map<string, Room>();
  private meTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private sweepTimer: ReturnType<typeof setInterval> | undefined;
  private redis: { quit(): Promise<unknown> }[] = [];
  private readonly coalesceMs: number;

  constructor(
    private readonly app: FastifyInstance,
    private readonly opts: RealtimeOptions,
  ) {
    this.coalesceMs = opts.coalesceMs ?? 250;
    const hubOrigin = new URL(opts.publicUrl).origin;
    this.io = new Server(app.server, {
      path: SOCKET_PATH,
      serveClient: false,
      // Browsers send Origin on websocket and polling requests alike; a page elsewhere is refused.
      allowRequest: (req, cb) => {
        const origin = req.headers.origin;
        const site = req.headers['sec-fetch-site'];
        const foreign =
          (origin !== undefined && origin !== hubOrigin && site !== 'same-origin') || site === 'cross-site';
        cb(foreign ? ErrorCode.crossOrigin : null, !foreign);
      },
    });
    this.io.use((socket, next) => {
      this.authenticate(socket as HubSocket).then(
        () => next(),
        (err: unknown) => {
          const code = err instanceof AppError ? err.code : ErrorCode.unavailable;
          const e = new Error(code) as Error & { data?: unknown };
          e.data = { code };
          next(e);
        },
      );
    });
    this.io.on('connection', (socket) => this.connected(socket));

    const lb = opts.leaderboards;
    lb.engine.onViewChange((view) => this.viewChanged(view));
    lb.engine.onReset(() => {
      for (const room of this.rooms.values()) {
        room.viewKey = null;
        this.schedule(room);
      }
    });
    lb.engine.onPoints((change, views) => void this.wallActivity(change.entryId, change.slot, views));
    lb.engine.onNotify('ah_notifications', (payload) => void this.pushNotification(payload));
    lb.engine.onNotify('ah_sessions', (sid) => this.endLocal(`session:${sid}`, 'ended'));
    for (const event of ['points.changed', 'level.reached', 'badge.granted'] as const) {
      opts.bus.on(event, (e) => this.meChanged(e.memberId));
    }
    // A thread's open pages learn what changed and read it through the API (the reader's visibility).
    opts.bus.on('community.thread.changed', (e) => {
      this.io.to(`thread:${e.threadId}`).emit('thread:changed', e);
    });
  }

  async start(): Promise<void> {
    if (this.opts.redisUrl) {
      const pub = createClient({ url: this.opts.redisUrl });
      const sub = pub.duplicate();
      for (const c of [pub, sub]) c.on('error', (err) => this.app.log.warn({ err: { message: err.message } }, 'redis'));
      await Promise.all([pub.connect(), sub.connect()]);
      this.redis = [pub, sub];
      // Channels named after this hub's database: hubs of other programs on the same Redis stay apart.
      this.io.adapter(createAdapter(pub, sub, { key: `socket.io:ah:${await databaseIdentity(this.opts.db)}` }));
    }
    const sweepMs = this.opts.sweepMs ?? 30_000;
    this.sweepTimer = setInterval(() => void this.sweep(), sweepMs);
    this.sweepTimer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const t of this.meTimers.values()) clearTimeout(t);
    for (const r of this.rooms.values()) if (r.timer) clearTimeout(r.timer);
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
    await Promise.all(this.redis.map((c) => c.quit().catch(() => {})));
  }

  // ——— Sessions ———

  private async authenticate(socket: HubSocket): Promise<void> {
    const given = socket.handshake.auth?.token;
    let token = typeof given === 'string' && given ? given : undefined;
    if (!token) {
      const cookies = this.app.parseCookie(socket.handshake.headers.cookie ?? '');
      token = cookies[ACCESS_COOKIE];
    }
    if (!token) throw new AppError({ code: ErrorCode.authRequired, status: 401, message: 'Sign in to continue' });
    let claims: { sub?: unknown; sid?: unknown; exp?: unknown };
    try {
      claims = this.app.jwt.verify(token);
    } catch {
      throw new AppError({ code: ErrorCode.authInvalidToken, status: 401, message: 'Invalid or expired access token' });
    }
    const { sub, sid, exp } = claims;
    if (typeof sub !== 'string' || !isUuid(sub) || typeof sid !== 'string' || !isUuid(sid))
      throw new AppError({ code: ErrorCode.authInvalidToken, status: 401, message: 'Invalid access token' });
    const member = await memberForRequest(this.opts.db, sub, sid);
    if (!member) throw new AppError({ code: ErrorCode.authInvalidToken, status: 401, message: 'Invalid access token' });
    if (member.status !== 'active')
      throw new AppError({ code: ErrorCode.authSuspended, status: 401, message: 'Suspended' });
    if (!member.sessionAlive)
      throw new AppError({ code: ErrorCode.authSessionEnded, status: 401, message: 'This session has ended' });
    // A token about to expire is refused at once (ending a socket mid-handshake leaves the client
    // with no answer at all): the client refreshes and connects again.
    const expiresAt = typeof exp === 'number' ? exp * 1000 : 0;
    if (expiresAt - Date.now() < 1_000)
      throw new AppError({ code: ErrorCode.authInvalidToken, status: 401, message: 'Your session has expired' });
    socket.data = {
      memberId: member.id,
      sid,
      roles: member.roles,
      expiresAt,
      watching: new Map(),
      meAt: new Map(),
    };
  }

  private end(socket: HubSocket, reason: SessionEndReason): void {
    socket.emit('session:end', { reason });
    socket.disconnect(true);
  }

  private endLocal(room: string, reason: SessionEndReason): void {
    const ids = this.io.of('/').adapter.rooms.get(room);
    if (!ids) return;
    for (const id of [...ids]) {
      const s = this.io.of('/').sockets.get(id);
      if (s) this.end(s, reason);
    }
  }

  /** Ends sockets whose session or member is no longer good (a safety net under the pushes): one query. */
  private async sweep(): Promise<void> {
    const sockets = [...this.io.of('/').sockets.values()].filter((s) => s.data.memberId);
    let alive: Set<string>;
    try {
      alive = await liveSessions(
        this.opts.db,
        sockets.map((s) => s.data),
      );
    } catch {
      return; // the database is away: try again next time
    }
    for (const socket of sockets) if (!alive.has(socket.data.sid)) this.end(socket, 'ended');
  }

  private connected(socket: HubSocket): void {
    const { memberId, sid, expiresAt } = socket.data;
    // The socket lives as long as its access token: the client refreshes and connects again.
    const timer = setTimeout(() => this.end(socket, 'expired'), Math.max(0, expiresAt - Date.now()));
    socket.once('disconnect', () => clearTimeout(timer));
    void socket.join([`member:${memberId}`, `session:${sid}`]);
    socket.on('leaderboard:subscribe', (p, ack) => {
      this.subscribe(socket, p).then(
        (r) => typeof ack === 'function' && ack(r),
        (err: unknown) => {
          const r: SubscribeAck =
            err instanceof AppError
              ? { ok: false, code: err.code, message: err.message }
              : { ok: false, code: ErrorCode.unavailable, message: 'Try again shortly' };
          if (typeof ack === 'function') ack(r);
        },
      );
    });
    socket.on('leaderboard:unsubscribe', (p) => {
      const board = BoardId.safeParse(p?.board);
      const period = Period.safeParse(p?.period);
      if (board.success && period.success) this.leave(socket, roomOf(board.data, period.data));
    });
    socket.on('thread:subscribe', (p, ack) => {
      const threadId = typeof p?.threadId === 'string' && isUuid(p.threadId) ? p.threadId : null;
      const reply = (r: SubscribeAck) => typeof ack === 'function' && ack(r);
      if (!threadId || !this.opts.canReadThread)
        return reply({ ok: false, code: 'community.thread_not_found', message: 'Thread not found' });
      this.opts.canReadThread(this.caller(socket), threadId).then(
        async (ok) => {
          if (!ok) return reply({ ok: false, code: 'community.thread_not_found', message: 'Thread not found' });
          await socket.join(`thread:${threadId}`);
          reply({ ok: true });
        },
        () => reply({ ok: false, code: ErrorCode.unavailable, message: 'Try again shortly' }),
      );
    });
    socket.on('thread:unsubscribe', (p) => {
      if (typeof p?.threadId === 'string') void socket.leave(`thread:${p.threadId}`);
    });
    socket.on('disconnecting', () => {
      for (const room of socket.rooms)
        if (room.startsWith('lb:') && !room.includes('#')) this.leave(socket, room, true);
    });
  }

  // ——— Leaderboards ———

  private caller(socket: HubSocket) {
    return { id: socket.data.memberId, roles: socket.data.roles as ('advocate' | 'admin' | 'moderator')[] };
  }

  private async subscribe(socket: HubSocket, p: unknown): Promise<SubscribeAck> {
    const body = (p ?? {}) as { board?: unknown; period?: unknown; limit?: unknown; wall?: unknown };
    const board = BoardId.safeParse(body.board);
    const period = body.period === undefined ? null : Period.safeParse(body.period);
    if (!board.success || (period && !period.success))
      return { ok: false, code: LeaderboardErrorCode.periodInvalid, message: 'Give a board and a period' };
    const limit = Math.min(100, Math.max(1, Number.isInteger(body.limit) ? (body.limit as number) : 10));
    const lb = this.opts.leaderboards;
    const resolved = await lb.resolveBoard(this.caller(socket), board.data);
    const periodId = period?.data ?? (await lb.periods(resolved, this.caller(socket))).defaultPeriod;
    const { range } = await lb.range(resolved, periodId);
    const view = await lb.engine.view(resolved.def, range);
    const name = roomOf(board.data, periodId);
    let room = this.rooms.get(name);
    if (!room) {
      room = {
        name,
        board: resolved,
        period: periodId,
        viewKey: view.key,
        limit,
        walls: 0,
        lastTop: '',
        dirty: false,
        timer: null,
        lastFlush: 0,
        joined: 0,
      };
      this.rooms.set(name, room);
    }
    room.limit = Math.max(room.limit, limit);
    if (body.wall === true) room.walls++;
    await socket.join([name, `${name}#${Math.floor(room.joined++ / SHARD)}`]);
    socket.data.watching.set(name, '');
    // What the socket shows now; later only changes.
    const total = view.index.size;
    const updatedAt = new Date(view.updatedAt).toISOString();
    const top = await lb.top(view, room.limit);
    socket.emit('leaderboard:update', {
      board: board.data,
      period: periodId,
      entries: top.map((e) => ({ ...e, isMe: e.memberId === socket.data.memberId })),
      total,
      updatedAt,
    });
    await this.sendMe(socket, room, view);
    return { ok: true };
  }

  private leave(socket: HubSocket, name: string, disconnecting = false): void {
    if (!disconnecting) {
      for (const r of [...socket.rooms]) if (r === name || r.startsWith(`${name}#`)) void socket.leave(r);
    }
    socket.data.watching.delete(name);
    socket.data.meAt.delete(name);
    const left = this.io.of('/').adapter.rooms.get(name);
    const remaining = left ? left.size - (disconnecting || left.has(socket.id) ? 1 : 0) : 0;
    if (remaining <= 0) {
      const room = this.rooms.get(name);
      if (room?.timer) clearTimeout(room.timer);
      this.rooms.delete(name);
    }
  }

  private viewChanged(view: View): void {
    for (const room of this.rooms.values()) {
      if (room.viewKey === view.key || room.viewKey === null) this.schedule(room);
    }
  }

  /** At most one flush per room per `coalesceMs`; changes in between are folded into it. */
  private schedule(room: Room): void {
    room.dirty = true;
    if (room.timer) return;
    const wait = Math.max(0, room.lastFlush + this.coalesceMs - Date.now());
    room.timer = setTimeout(() => {
      room.timer = null;
      void this.flush(room).catch((err: unknown) => this.app.log.warn({ err }, 'leaderboard push failed'));
    }, wait);
    room.timer.unref?.();
  }

  private async flush(room: Room): Promise<void> {
    if (!this.rooms.has(room.name) || !room.dirty) return;
    room.dirty = false;
    room.lastFlush = Date.now();
    const lb = this.opts.leaderboards;
    // Ranges move (a new week begins): the room follows its period.
    const { range } = await lb.range(room.board, room.period);
    const view = await lb.engine.view(room.board.def, range);
    room.viewKey = view.key;
    const total = view.index.size;
    const updatedAt = new Date(view.updatedAt).toISOString();
    const top = await lb.top(view, room.limit);
    const json = JSON.stringify(top.map((e) => [e.memberId, e.rank, e.points, e.name]));
    if (json !== room.lastTop) {
      room.lastTop = json;
      const update = {
        board: room.board.info.id,
        period: room.period,
        entries: top,
        total,
        updatedAt,
      };
      // One shard at a time: writing to thousands of sockets would otherwise hold the loop for long.
      const shards = Math.ceil(room.joined / SHARD);
      for (let k = 0; k < shards; k++) {
        this.io.local.to(`${room.name}#${k}`).emit('leaderboard:update', update);
        if (k + 1 < shards) await yieldLoop();
      }
    }
    const ids = this.io.of('/').adapter.rooms.get(room.name);
    if (!ids) return;
    let n = 0;
    let deferred = false;
    const minMs = meInterval(ids.size);
    for (const id of [...ids]) {
      const socket = this.io.of('/').sockets.get(id);
      if (!socket) continue;
      if (!(await this.sendMe(socket, room, view, minMs))) deferred = true;
      if (++n % 250 === 0) await yieldLoop();
    }
    // Sockets told less than `minMs` ago hear of their change on a later flush.
    if (deferred) this.schedule(room);
  }

  /**
   * The socket's own standing, sent when it changed since the last one sent (with `minMs`: check that
   * first, and send at most one per `minMs`). False when a change waits for a later flush.
   */
  private async sendMe(socket: HubSocket, room: Room, view: View, minMs?: number): Promise<boolean> {
    const cheap = minMs !== undefined;
    const lb = this.opts.leaderboards;
    const slot = lb.engine.dir.slotOf(socket.data.memberId);
    const points = slot === undefined ? 0 : view.standing.points(slot);
    const pass = view.index.nearestAbove(Math.max(points, 0));
    const passPoints = pass === null ? 0 : view.standing.points(pass);
    // A member with no points has no rank: only who to pass matters (not how many are ranked).
    const key = points > 0 ? `${points}|${view.index.countAbove(points)}|${pass}|${passPoints}` : `0|${passPoints}`;
    const last = socket.data.watching.get(room.name);
    if (cheap && last === key) return true;
    const now = Date.now();
    if (cheap && now - (socket.data.meAt.get(room.name) ?? 0) < minMs) return false;
    socket.data.watching.set(room.name, key);
    // The snapshot after subscribing does not count: the first change after it goes out at once.
    if (cheap) socket.data.meAt.set(room.name, now);
    const me: LeaderboardMe | null = await lb.me(
      view,
      this.caller(socket),
      room.board.callerOn || room.board.info.kind === 'global',
    );
    socket.emit('leaderboard:me', {
      board: room.board.info.id,
      period: room.period,
      me,
      updatedAt: new Date(view.updatedAt).toISOString(),
    });
    return true;
  }

  private async wallActivity(entryId: number, slot: number, views: View[]): Promise<void> {
    const rooms = [...this.rooms.values()].filter((r) => r.walls > 0 && views.some((v) => v.key === r.viewKey));
    if (!rooms.length) return;
    const lb = this.opts.leaderboards;
    if (!lb.engine.ranked(slot)) return; // hidden members stay off the ticker
    const entry = await earningById(this.opts.db, entryId);
    if (!entry || entry.points <= 0) return;
    const people = await lb.namesOf([lb.engine.dir.idOf(slot)]);
    const item = lb.activityItem(
      String(entryId),
      slot,
      entry.points,
      entry.reason,
      entry.at,
      people.get(lb.engine.dir.idOf(slot))?.name,
    );
    for (const room of rooms) this.io.local.to(room.name).emit('wall:activity', { board: room.board.info.id, item });
  }

  // ——— Me and notifications ———

  /** Folds a burst of changes (points, level, badge of one command) into one `me:update`. */
  private meChanged(memberId: string): void {
    if (this.meTimers.has(memberId)) return;
    // Alone (no Redis adapter), a member with no socket on this node has nobody to tell: skip the read.
    if (!this.redis.length && !this.io.of('/').adapter.rooms.has(`member:${memberId}`)) return;
    const t = setTimeout(() => {
      this.meTimers.delete(memberId);
      this.app.auth
        .me(memberId)
        .then((me) =>
          this.io.to(`member:${memberId}`).emit('me:update', {
            balance: me.balance,
            lifetime: me.lifetime,
            levelId: me.level?.id ?? null,
            badgeIds: me.badges.map((b) => b.id),
            level: me.level,
            nextLevel: me.nextLevel,
          }),
        )
        .catch((err: unknown) => this.app.log.warn({ err }, 'me:update failed'));
    }, 50);
    t.unref?.();
    this.meTimers.set(memberId, t);
  }

  private async pushNotification(payload: string): Promise<void> {
    const [memberId, id] = payload.split('|');
    if (!memberId || !id) return;
    if (!this.io.of('/').adapter.rooms.has(`member:${memberId}`)) return;
    const [row, unread] = await Promise.all([
      notificationsRepo.byId(this.opts.db, id),
      notificationsRepo.unread(this.opts.db, memberId),
    ]);
    if (!row) return;
    this.io.local.to(`member:${memberId}`).emit('notification:new', {
      notification: {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        readAt: row.readAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
      },
      unread,
    });
  }
}

export async function realtimePlugin(app: FastifyInstance, opts: RealtimeOptions): Promise<Realtime> {
  const realtime = new Realtime(app, opts);
  app.decorate('realtime', realtime);
  app.addHook('onReady', () => realtime.start());
  app.addHook('preClose', () => realtime.stop());
  return realtime;
}
