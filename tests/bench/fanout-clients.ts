/**
 * A worker process of bench:fanout: holds many real socket.io clients (one member each, websocket
 * only), all subscribed to the global all-time board, and notes when each first sees a watched
 * member's points rise. Driven by its parent over IPC (advanced serialisation); see fanout.bench.ts.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, LeaderboardUpdate, ServerToClientEvents } from '@advocate-hub/shared';

export type ToWorker =
  | { type: 'connect'; url: string; tokens: string[]; hot: string[]; concurrency: number }
  /**
   * The completions of the run: hot member index, the member's points after it, when its 201 arrived
   * (`at`) and when it was sent (`sent`).
   */
  | { type: 'collect'; completions: Completion[] }
  | { type: 'disconnect' };

export interface Completion {
  member: number;
  points: number;
  at: number;
  sent: number;
}

export type FromWorker =
  | { type: 'connected'; ok: number; failed: number; error: string | null; ms: number }
  | {
      type: 'collected';
      /** One latency (ms) per (client, completion) pair that arrived: from the 201, and from the request. */
      latencies: Float64Array;
      fromSent: Float64Array;
      missed: number;
      updates: number;
      meUpdates: number;
      dropped: number;
    }
  | { type: 'disconnected' };

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const now = () => performance.timeOrigin + performance.now();

interface Watch {
  socket: Client;
  /** Per hot member: the points seen, rising, and when each was first seen. */
  points: number[][];
  times: number[][];
}

const watches: Watch[] = [];
let hotIndex = new Map<string, number>();
let updates = 0;
let meUpdates = 0;
let dropped = 0;

function send(msg: FromWorker) {
  process.send!(msg);
}

function open(url: string, token: string): Promise<Watch> {
  return new Promise((resolve, reject) => {
    const socket: Client = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    const w: Watch = {
      socket,
      points: [...hotIndex.keys()].map(() => []),
      times: [...hotIndex.keys()].map(() => []),
    };
    socket.on('leaderboard:update', (p: LeaderboardUpdate) => {
      const t = now();
      updates++;
      if (p.board !== 'global' || p.period !== 'all') return;
      for (const e of p.entries) {
        const m = hotIndex.get(e.memberId);
        if (m === undefined) continue;
        const seen = w.points[m]!;
        if (!seen.length || e.points > seen[seen.length - 1]!) {
          seen.push(e.points);
          w.times[m]!.push(t);
        }
      }
    });
    socket.on('leaderboard:me', () => void meUpdates++);
    socket.once('connect_error', (err) => reject(err));
    socket.once('connect', () => {
      socket.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') dropped++;
      });
      socket
        .timeout(60_000)
        .emitWithAck('leaderboard:subscribe', { board: 'global', period: 'all', limit: 10 })
        .then((ack) => (ack.ok ? resolve(w) : reject(new Error(`subscribe: ${ack.code}`))), reject);
    });
  });
}

async function connectAll(url: string, tokens: string[], concurrency: number) {
  const t0 = now();
  let next = 0;
  let failed = 0;
  let error: string | null = null;
  const lane = async () => {
    while (next < tokens.length) {
      const token = tokens[next++]!;
      try {
        watches.push(await open(url, token));
      } catch (err) {
        failed++;
        error ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  send({ type: 'connected', ok: watches.length, failed, error, ms: now() - t0 });
}

/** The first index whose points reach `target` (points rise), or -1. */
function firstAtLeast(points: number[], target: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo < points.length ? lo : -1;
}

function collect(completions: Completion[]) {
  const latencies = new Float64Array(watches.length * completions.length);
  const fromSent = new Float64Array(latencies.length);
  let n = 0;
  let missed = 0;
  for (const w of watches) {
    for (const c of completions) {
      const i = firstAtLeast(w.points[c.member]!, c.points);
      if (i < 0) missed++;
      else {
        fromSent[n] = w.times[c.member]![i]! - c.sent;
        latencies[n++] = w.times[c.member]![i]! - c.at;
      }
    }
  }
  send({
    type: 'collected',
    latencies: latencies.slice(0, n),
    fromSent: fromSent.slice(0, n),
    missed,
    updates,
    meUpdates,
    dropped,
  });
}

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'connect') {
    hotIndex = new Map(msg.hot.map((id, i) => [id, i]));
    void connectAll(msg.url, msg.tokens, msg.concurrency);
  } else if (msg.type === 'collect') {
    collect(msg.completions);
  } else if (msg.type === 'disconnect') {
    for (const w of watches) w.socket.disconnect();
    watches.length = 0;
    send({ type: 'disconnected' });
  }
});
process.on('disconnect', () => process.exit(0));
