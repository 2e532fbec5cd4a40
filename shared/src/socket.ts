/**
 * socket.io events and payloads (design.md): same origin, path `/socket.io`, the handshake
 * authenticated from the session cookie or `auth.token`.
 */
import type { LeaderboardEntry, LeaderboardMe, WallActivity } from './contracts/leaderboards.js';
import type { Notification } from './contracts/notifications.js';

export type { LeaderboardEntry };

/** The socket.io path on the hub's own port. */
export const SOCKET_PATH = '/socket.io';

/** A board and period to watch; `period` as in the REST API (`all`, `month`, `week`, `event`, `season:<id>`). */
export interface BoardRef {
  board: string;
  period: string;
}

export interface LeaderboardUpdate extends BoardRef {
  /**
   * The top of the board (as many rows as the largest `limit` subscribed, at most 100). One payload
   * goes to the whole room, so `isMe` is set only in the snapshot sent right after subscribing: a
   * client finds its own row by its member id (or its alias when it is anonymous).
   */
  entries: LeaderboardEntry[];
  total: number;
  updatedAt: string;
}

/** The member's own standing on a board they watch, sent to their sockets only when it changes. */
export interface LeaderboardMeUpdate extends BoardRef {
  me: LeaderboardMe | null;
  updatedAt: string;
}

export interface MeUpdate {
  balance: number;
  lifetime: number;
  levelId: string | null;
  badgeIds: string[];
  level: { id: string; name: string; rank: number } | null;
  nextLevel: { id: string; name: string; rank: number; threshold: number } | null;
}

export interface NotificationPush {
  notification: Notification;
  unread: number;
}

/** Why the server ended a socket: the client refreshes its session (or signs in) before reconnecting. */
export type SessionEndReason = 'expired' | 'ended' | 'suspended';

export interface ServerToClientEvents {
  'leaderboard:update': (p: LeaderboardUpdate) => void;
  'leaderboard:me': (p: LeaderboardMeUpdate) => void;
  'me:update': (p: MeUpdate) => void;
  'notification:new': (p: NotificationPush) => void;
  /** A new item on a wall's ticker (subscribers of the board's `wall` only). */
  'wall:activity': (p: { board: string; item: WallActivity }) => void;
  'session:end': (p: { reason: SessionEndReason }) => void;
  /**
   * Something changed in a thread the socket watches (`thread:subscribe`): a new post, an edit, a
   * moderation action, reactions. The payload names what changed; the client reads it through the
   * REST API, which applies the reader's visibility.
   */
  'thread:changed': (p: ThreadChange) => void;
}

export interface ThreadChange {
  threadId: string;
  kind: 'post' | 'edit' | 'reactions' | 'moderation';
  postId: string | null;
  /** The new post's `seq` (kind `post`). */
  seq: string | null;
}

export type SubscribeAck = { ok: true } | { ok: false; code: string; message: string };

export interface ClientToServerEvents {
  /** Join a board's room; `limit` is how many top rows the client shows (default 10, at most 100). */
  'leaderboard:subscribe': (p: BoardRef & { limit?: number; wall?: boolean }, ack?: (r: SubscribeAck) => void) => void;
  'leaderboard:unsubscribe': (p: BoardRef) => void;
  /** Watch a thread for new replies (the member must be able to read it). */
  'thread:subscribe': (p: { threadId: string }, ack?: (r: SubscribeAck) => void) => void;
  'thread:unsubscribe': (p: { threadId: string }) => void;
}
