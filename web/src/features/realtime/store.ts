import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Socket } from 'socket.io-client';
import {
  SOCKET_PATH,
  type BoardRef,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
} from '@advocate-hub/shared/socket';
import { useSessionStore } from '@/features/auth';
import { refreshSession } from '@/shared/api/client';
import { backoffDelay, boardKey, isAuthRefusal } from './lib/backoff';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RealtimeEvent = keyof ServerToClientEvents;
type Payload<E extends RealtimeEvent> = Parameters<ServerToClientEvents[E]>[0];
type Handler<E extends RealtimeEvent> = (payload: Payload<E>) => void;

/** What a screen watches: a board and period, how many top rows it shows, and whether it is a wall. */
export interface BoardWatch extends BoardRef {
  limit?: number;
  wall?: boolean;
}

/** Told after each successful (re)subscription; `resumed` is true after a reconnect (data may have been missed). */
export type SubscribedHandler = (ack: SubscribeAck, resumed: boolean) => void;

interface Watcher {
  limit: number;
  wall: boolean;
  onSubscribed?: SubscribedHandler;
}

interface Room {
  board: string;
  period: string;
  watchers: Set<Watcher>;
}

const EVENTS: RealtimeEvent[] = [
  'leaderboard:update',
  'leaderboard:me',
  'me:update',
  'notification:new',
  'wall:activity',
  'session:end',
  'thread:changed',
];

/** How long the socket may be down before the header says so (brief blips stay quiet). */
const OFFLINE_AFTER_MS = 2_000;

/**
 * The tab's one socket.io connection: opened after sign-in, closed on sign-out. It reconnects by
 * itself (with backoff), refreshes the session when the server ends it for an expired token, and
 * joins every watched board's and thread's room again on each connect. Screens use `on`,
 * `watchBoard` and `watchThread`, which outlive any one socket.
 */
export const useRealtimeStore = defineStore('realtime', () => {
  /** The socket is connected now. */
  const connected = ref(false);
  /** The socket has been down for more than a moment while signed in: show "Offline — reconnecting…". */
  const offline = ref(false);
  /** Times the socket connected in this sign-in; a change after the first is a reconnect. */
  const connects = ref(0);
  const socketRef = shallowRef<AppSocket | null>(null);

  const handlers = new Map<RealtimeEvent, Set<(payload: never) => void>>();
  const rooms = new Map<string, Room>();
  const connectHandlers = new Set<(resumed: boolean) => void>();
  /** Watched threads: their watchers' "subscribed" handlers, by thread id. */
  const threads = new Map<string, Set<SubscribedHandler>>();

  /** Bumped by start/stop: work begun for an earlier sign-in is dropped. */
  let generation = 0;
  let offlineTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAttempt = 0;
  let authFailures = 0;
  let recovering = false;

  function dispatch<E extends RealtimeEvent>(event: E, payload: Payload<E>): void {
    const set = handlers.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as Handler<E>)(payload);
      } catch (err) {
        console.error(`realtime: a ${event} handler failed`, err);
      }
    }
  }

  /** Listen to a server event for as long as the returned function is not called. */
  function on<E extends RealtimeEvent>(event: E, handler: Handler<E>): () => void {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
      if (set.size === 0) handlers.delete(event);
    };
  }

  /** Called on every connect (`resumed` false for the first of a sign-in). */
  function onConnect(handler: (resumed: boolean) => void): () => void {
    connectHandlers.add(handler);
    return () => connectHandlers.delete(handler);
  }

  function roomRequest(room: Room): BoardWatch {
    let limit = 0;
    let wall = false;
    for (const w of room.watchers) {
      limit = Math.max(limit, w.limit);
      wall ||= w.wall;
    }
    return { board: room.board, period: room.period, limit: Math.min(100, Math.max(1, limit || 10)), wall };
  }

  function subscribeRoom(room: Room, resumed: boolean): void {
    const socket = socketRef.value;
    if (!socket?.connected) return;
    socket.emit('leaderboard:subscribe', roomRequest(room), (ack: SubscribeAck) => {
      for (const w of room.watchers) w.onSubscribed?.(ack, resumed);
    });
  }

  /**
   * Join a board's room (now, and again after every reconnect) until the returned function is
   * called. Updates arrive through `on('leaderboard:update' | 'leaderboard:me' | 'wall:activity')`.
   */
  function watchBoard(watch: BoardWatch, onSubscribed?: SubscribedHandler): () => void {
    const key = boardKey(watch.board, watch.period);
    let room = rooms.get(key);
    const fresh = !room;
    if (!room) {
      room = { board: watch.board.toLowerCase(), period: watch.period.toLowerCase(), watchers: new Set() };
      rooms.set(key, room);
    }
    const before = roomRequest(room);
    const watcher: Watcher = { limit: watch.limit ?? 10, wall: watch.wall ?? false, onSubscribed };
    room.watchers.add(watcher);
    const after = roomRequest(room);
    if (fresh || after.limit !== before.limit || after.wall !== before.wall) subscribeRoom(room, false);
    else if (socketRef.value?.connected) onSubscribed?.({ ok: true }, false);

    const current = room;
    return () => {
      if (!current.watchers.delete(watcher)) return;
      if (current.watchers.size > 0) return;
      rooms.delete(key);
      const socket = socketRef.value;
      if (socket?.connected) socket.emit('leaderboard:unsubscribe', { board: current.board, period: current.period });
    };
  }

  function subscribeThread(threadId: string, resumed: boolean): void {
    const socket = socketRef.value;
    if (!socket?.connected) return;
    socket.emit('thread:subscribe', { threadId }, (ack: SubscribeAck) => {
      for (const fn of [...(threads.get(threadId) ?? [])]) fn(ack, resumed);
    });
  }

  /**
   * Join a thread's room (now, and again after every reconnect) until the returned function is
   * called. Changes arrive through `on('thread:changed')`; `onSubscribed` hears each acknowledgement.
   */
  function watchThread(threadId: string, onSubscribed: SubscribedHandler): () => void {
    let set = threads.get(threadId);
    const fresh = !set;
    if (!set) threads.set(threadId, (set = new Set()));
    set.add(onSubscribed);
    if (fresh) subscribeThread(threadId, false);
    else if (socketRef.value?.connected) onSubscribed({ ok: true }, false);
    const current = set;
    return () => {
      if (!current.delete(onSubscribed) || current.size > 0) return;
      threads.delete(threadId);
      const socket = socketRef.value;
      if (socket?.connected) socket.emit('thread:unsubscribe', { threadId });
    };
  }

  function clearRetry(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
  }

  function scheduleRetry(run: () => void): void {
    clearRetry();
    const gen = generation;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (gen === generation) run();
    }, backoffDelay(retryAttempt++));
  }

  function connectNow(): void {
    const socket = socketRef.value;
    if (socket && !socket.connected && !socket.active) socket.connect();
  }

  function markDown(): void {
    connected.value = false;
    if (offlineTimer !== undefined) return;
    offlineTimer = setTimeout(() => {
      offlineTimer = undefined;
      if (socketRef.value && !connected.value) offline.value = true;
    }, OFFLINE_AFTER_MS);
  }

  function markUp(): void {
    clearTimeout(offlineTimer);
    offlineTimer = undefined;
    connected.value = true;
    offline.value = false;
  }

  /**
   * The server refused or ended the session: refresh it once and reconnect. When the refresh is
   * refused too, ask the API who we are: a 401 there ends the session the app's usual way (to the
   * sign-in page, which stops this socket); otherwise (a network blip) try again later.
   */
  async function recoverSession(): Promise<void> {
    if (recovering) return;
    recovering = true;
    const gen = generation;
    try {
      // A refresh that did not help (the server refuses the new token too) is not tried in a tight loop.
      if (authFailures++ > 0) {
        await new Promise((r) => setTimeout(r, backoffDelay(Math.min(authFailures, 5))));
        if (gen !== generation) return;
      }
      if (await refreshSession()) {
        if (gen === generation) connectNow();
        return;
      }
      if (gen !== generation) return;
      const member = await useSessionStore()
        .fetchMe({ onAuthFailure: 'redirect' })
        .catch(() => undefined);
      if (gen !== generation || member === null) return;
      scheduleRetry(() => void recoverSession());
    } finally {
      recovering = false;
    }
  }

  function bind(socket: AppSocket): void {
    for (const event of EVENTS) {
      socket.on(event, ((payload: Payload<typeof event>) => dispatch(event, payload)) as never);
    }
    socket.on('connect', () => {
      clearRetry();
      retryAttempt = 0;
      authFailures = 0;
      markUp();
      const resumed = connects.value > 0;
      connects.value += 1;
      for (const room of rooms.values()) subscribeRoom(room, resumed);
      for (const threadId of threads.keys()) subscribeThread(threadId, resumed);
      for (const fn of [...connectHandlers]) fn(resumed);
    });
    socket.on('disconnect', (reason) => {
      markDown();
      // socket.io reconnects by itself after transport trouble, not when the server (or we) hung up.
      if (reason === 'io server disconnect' && !recovering) scheduleRetry(connectNow);
    });
    socket.on('session:end', () => {
      // Hang up first, so that the reconnect after the refresh is ours to make.
      clearRetry();
      socket.disconnect();
      void recoverSession();
    });
    socket.on('connect_error', (err) => {
      markDown();
      if (socket.active) return; // a transport error: socket.io retries with its own backoff
      if (isAuthRefusal(err.message)) void recoverSession();
      else scheduleRetry(connectNow);
    });
  }

  /** Open the socket (after sign-in). */
  async function start(): Promise<void> {
    if (socketRef.value) return;
    const gen = ++generation;
    const { io } = await import('socket.io-client');
    if (gen !== generation || socketRef.value) return;
    const socket: AppSocket = io({
      path: SOCKET_PATH,
      // WebSocket first (no sticky sessions needed across nodes); long-polling where a proxy refuses it.
      transports: ['websocket', 'polling'],
      withCredentials: true,
      autoConnect: false,
      forceNew: true,
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
    });
    socketRef.value = socket;
    connects.value = 0;
    bind(socket);
    markDown();
    socket.connect();
  }

  /** Close the socket (sign-out). Screens' listeners and watched boards stay registered. */
  function stop(): void {
    generation++;
    clearRetry();
    clearTimeout(offlineTimer);
    offlineTimer = undefined;
    retryAttempt = 0;
    authFailures = 0;
    const socket = socketRef.value;
    socketRef.value = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    connected.value = false;
    offline.value = false;
    connects.value = 0;
  }

  return { connected, offline, connects, on, onConnect, watchBoard, watchThread, start, stop };
});
