import pg from 'pg';
import { Directory, type DirectoryRow } from './directory.js';
import { Standing, View, type Range } from './standing.js';
import type { Snapshot } from './snapshot.js';
import { leaderboardsRepo } from '../leaderboards.repo.js';

export const ALL_TIME: Range = { key: 'all', start: -Infinity, end: Infinity };

/** A board as the engine sees it: who may be on it. */
export interface BoardDef {
  id: string;
  /** The member ids of a group or segment board (loaded again when the board is invalidated or stale). */
  members?: () => Promise<string[]>;
  /** Reload `members` after this long (segments: their rules depend on data that changes everywhere). */
  membersTtlMs?: number;
  /** Event boards of audience `code`: members who joined with this join code. */
  joinCodeId?: string;
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface PointsChange {
  xid: bigint;
  memberId: string;
  delta: number;
  at: number;
}

export interface PointsEvent {
  entryId: number;
  memberId: string;
  slot: number;
  delta: number;
}

interface Build {
  pending: PointsChange[];
}

interface MemberSet {
  slots: Set<number>;
  loadedAt: number;
}

/**
 * Every node's leaderboards, in memory. PostgreSQL stays the source of truth: a range's standing
 * is built from the ledger on first use, and from then on kept current by the notifications the
 * ledger's trigger sends at commit (migration 0008), which reach every node in commit order. A
 * build reads in a snapshot and then applies the changes that arrived meanwhile and that the
 * snapshot does not hold, so nothing is counted twice or missed. If the listening connection drops,
 * changes may have been missed: everything is dropped and built again on next use.
 */
export class LeaderboardEngine {
  readonly dir = new Directory();
  includeStaff = false;
  private standings = new Map<string, Standing>();
  private builds = new Map<string, Promise<Standing>>();
  private inFlight = new Set<Build>();
  private views = new Map<string, View>();
  private viewBuilds = new Map<string, Promise<View>>();
  private memberSets = new Map<string, MemberSet>();
  private memberReloads = new Map<string, number>();
  private settingsReloads = 0;
  private memberSetLoads = new Map<string, Promise<MemberSet>>();
  private listener: pg.Client | null = null;
  private ready: Promise<void> | null = null;
  private stopped = false;
  private generation = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private gcTimer: ReturnType<typeof setInterval> | undefined;
  private readonly viewListeners = new Set<(view: View) => void>();
  private readonly resetListeners = new Set<() => void>();
  private readonly memberListeners = new Set<(memberId: string) => void>();
  private readonly definitionListeners = new Set<(what: 'season' | 'event') => void>();
  private readonly pointsListeners = new Set<(change: PointsEvent, views: View[]) => void>();
  private readonly channels = new Map<string, Set<(payload: string) => void>>();

  constructor(
    readonly pool: pg.Pool,
    private readonly log: Logger,
    private readonly opts: { idleMs?: number } = {},
  ) {}

  /** Called (synchronously) whenever a view's ranking changed. */
  onViewChange(fn: (view: View) => void): () => void {
    this.viewListeners.add(fn);
    return () => this.viewListeners.delete(fn);
  }

  /**
   * Other notifications on the same connection (new notifications, ended sessions): register before
   * `start`. Each node delivers them to its own sockets.
   */
  onNotify(channel: string, fn: (payload: string) => void): void {
    const set = this.channels.get(channel) ?? new Set();
    set.add(fn);
    this.channels.set(channel, set);
  }

  /** Called when a member's facts changed (name, status, roles, visibility), on any node. */
  onMemberChange(fn: (memberId: string) => void): void {
    this.memberListeners.add(fn);
  }

  /** Called when a season or an event board was created, changed or deleted (on any node). */
  onDefinitionChange(fn: (what: 'season' | 'event') => void): void {
    this.definitionListeners.add(fn);
  }

  /** Called after a ledger entry moved a member on the views listed (a wall's ticker). */
  onPoints(fn: (change: PointsEvent, views: View[]) => void): () => void {
    this.pointsListeners.add(fn);
    return () => this.pointsListeners.delete(fn);
  }

  /** Called when everything was dropped (the change feed was lost): watchers should look again. */
  onReset(fn: () => void): () => void {
    this.resetListeners.add(fn);
    return () => this.resetListeners.delete(fn);
  }

  /** Ready once listening and the directory and all-time standing are loaded. */
  start(): Promise<void> {
    this.ready ??= this.connect();
    const idle = this.opts.idleMs ?? 10 * 60_000;
    this.gcTimer ??= setInterval(() => this.collect(idle), Math.min(idle, 60_000));
    this.gcTimer.unref?.();
    return this.ready;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.gcTimer);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.pool.options as pg.ClientConfig);
    client.on('error', (err) => this.log.warn({ err: { message: err.message } }, 'leaderboard feed failed'));
    client.on('notification', (n) => this.notified(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      await client.query(['ah_points', 'ah_lb', ...this.channels.keys()].map((c) => `LISTEN ${c}`).join('; '));
    } catch (err) {
      client.end().catch(() => {});
      this.scheduleReconnect();
      throw err;
    }
    this.listener = client;
    client.on('end', () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = null;
      this.log.warn({}, 'leaderboard feed lost: boards are built again on next use');
      this.reset();
      this.scheduleReconnect();
    });
    await this.loadBase();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.ready = this.connect().catch((err) => {
        this.log.warn({ err: { message: (err as Error).message } }, 'leaderboard feed: reconnect failed');
      });
    }, 1_000);
    this.retry.unref?.();
  }

  /** Forget every standing and view (built again on next use). */
  private reset(): void {
    this.generation++;
    for (const v of this.views.values()) v.detach();
    this.views.clear();
    this.viewBuilds.clear();
    this.standings.clear();
    this.builds.clear();
    this.inFlight.clear();
    this.memberSets.clear();
    this.memberSetLoads.clear();
    for (const fn of this.resetListeners) fn();
  }

  private async whenReady(): Promise<void> {
    if (!this.ready) await this.start();
    await this.ready;
    if (!this.listener) {
      // Reconnecting: wait for it rather than serve a board that may miss changes.
      this.ready = this.connect();
      await this.ready;
    }
  }

  /** The directory and the all-time standing, from one snapshot. */
  private async loadBase(): Promise<void> {
    const build: Build = { pending: [] };
    this.inFlight.add(build);
    const generation = this.generation;
    try {
      const standing = new Standing(ALL_TIME, this.dir);
      const { snapshot, includeStaff } = await leaderboardsRepo.readBase(this.pool, (rows) => {
        for (const r of rows) {
          const slot = this.dir.put(r);
          if (r.lifetime !== 0) standing.set(slot, r.lifetime, r.lifetimeAt);
        }
      });
      if (generation !== this.generation) return;
      this.includeStaff = includeStaff;
      this.catchUp(standing, build, snapshot);
      this.standings.set(ALL_TIME.key, standing);
    } finally {
      this.inFlight.delete(build);
    }
  }

  /** Applies the changes that arrived during a build and that its snapshot does not hold. */
  private catchUp(standing: Standing, build: Build, snapshot: Snapshot): void {
    for (const c of build.pending) {
      if (snapshot.sees(c.xid) || !standing.contains(c.at)) continue;
      standing.add(this.slotFor(c.memberId), c.delta, c.at);
    }
  }

  /** The member's slot; a member not seen yet gets one now and its facts are loaded in the background. */
  private slotFor(memberId: string): number {
    const known = this.dir.slotOf(memberId);
    if (known !== undefined) return known;
    const slot = this.dir.put({
      id: memberId,
      status: 'invited',
      visibility: 'hidden',
      alias: 0,
      joinCodeId: null,
      advocate: false,
      staff: false,
      lifetime: 0,
      lifetimeAt: 0,
    });
    void this.reloadMember(memberId);
    return slot;
  }

  /**
   * Reads a member's facts again. Reads of one member may finish out of order (the pool runs them
   * side by side): only the latest one asked for is applied, as it started after every change so far.
   */
  private async reloadMember(memberId: string): Promise<void> {
    const n = (this.memberReloads.get(memberId) ?? 0) + 1;
    this.memberReloads.set(memberId, n);
    try {
      const row = await leaderboardsRepo.directoryRow(this.pool, memberId);
      if (this.memberReloads.get(memberId) !== n) return;
      this.memberReloads.delete(memberId);
      if (row) this.memberChanged(row);
    } catch (err) {
      if (this.memberReloads.get(memberId) === n) this.memberReloads.delete(memberId);
      this.log.warn({ err: { message: (err as Error).message } }, 'leaderboard: member reload failed');
    }
  }

  private memberChanged(row: DirectoryRow): void {
    const slot = this.dir.put(row);
    for (const s of this.standings.values()) {
      for (const v of s.refresh(slot)) this.changed(v);
    }
  }

  private changed(view: View): void {
    for (const fn of this.viewListeners) {
      try {
        fn(view);
      } catch (err) {
        this.log.error({ err }, 'leaderboard watcher failed');
      }
    }
  }

  private notified(channel: string, payload: string): void {
    const others = this.channels.get(channel);
    if (others) {
      for (const fn of others) {
        try {
          fn(payload);
        } catch (err) {
          this.log.error({ err }, 'notification handler failed');
        }
      }
      return;
    }
    if (channel === 'ah_points') {
      // xid|entry id|member id|lifetime delta|created at (ms)
      const [xid, entryId, memberId, delta, at] = payload.split('|');
      if (!xid || !entryId || !memberId || !delta || !at) return;
      const change: PointsChange = { xid: BigInt(xid), memberId, delta: Number(delta), at: Number(at) };
      for (const b of this.inFlight) b.pending.push(change);
      if (!this.standings.size) return;
      const slot = this.slotFor(memberId);
      const hit: View[] = [];
      for (const s of this.standings.values()) {
        if (!s.contains(change.at)) continue;
        for (const v of s.add(slot, change.delta, change.at)) {
          hit.push(v);
          this.changed(v);
        }
      }
      for (const fn of this.pointsListeners) fn({ entryId: Number(entryId), memberId, slot, delta: change.delta }, hit);
      return;
    }
    // what|xid|id
    const [what, , id] = payload.split('|');
    if (what === 'member' && id) {
      for (const fn of this.memberListeners) fn(id);
      void this.reloadMember(id);
    } else if (what === 'group' && id) this.dropBoard(`group:${id}`);
    else if (what === 'event' && id) this.dropBoard(`event:${id}`);
    else if (what === 'season' && id) this.dropRanges((key) => key.startsWith(`season:${id}`));
    if (what === 'season' || what === 'event') for (const fn of this.definitionListeners) fn(what);
    else if (what === 'settings') void this.reloadSettings();
  }

  private async reloadSettings(): Promise<void> {
    const n = ++this.settingsReloads;
    try {
      const includeStaff = await leaderboardsRepo.includeStaff(this.pool);
      if (n !== this.settingsReloads) return; // a later read is on its way
      this.includeStaff = includeStaff;
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message } }, 'leaderboard: settings reload failed');
      return;
    }
    // Who is ranked changed for every staff member: re-decide every slot of every view.
    for (const s of this.standings.values()) {
      const changed = new Set<View>();
      for (const slot of s.touched) for (const v of s.refresh(slot)) changed.add(v);
      for (const v of changed) this.changed(v);
    }
  }

  /** Forget one board's views and member set (its members or its definition changed). */
  dropBoard(board: string): void {
    this.memberSets.delete(board);
    this.memberSetLoads.delete(board);
    for (const [key, v] of this.views) {
      if (v.board !== board) continue;
      v.detach();
      this.views.delete(key);
      this.viewBuilds.delete(key);
      this.changed(v);
    }
  }

  private dropRanges(match: (rangeKey: string) => boolean): void {
    for (const [key, s] of this.standings) {
      if (!match(key)) continue;
      for (const v of s.views) {
        v.detach();
        this.views.delete(v.key);
        this.viewBuilds.delete(v.key);
        this.changed(v);
      }
      this.standings.delete(key);
      this.builds.delete(key);
    }
  }

  private async standing(range: Range): Promise<Standing> {
    await this.whenReady();
    const have = this.standings.get(range.key);
    if (have) {
      have.lastUsed = Date.now();
      return have;
    }
    let building = this.builds.get(range.key);
    if (!building) {
      building = this.buildStanding(range);
      this.builds.set(range.key, building);
      building.catch(() => this.builds.delete(range.key));
    }
    return building;
  }

  private async buildStanding(range: Range): Promise<Standing> {
    const build: Build = { pending: [] };
    this.inFlight.add(build);
    const generation = this.generation;
    try {
      const standing = new Standing(range, this.dir);
      const { rows, snapshot } = await leaderboardsRepo.readRange(this.pool, range);
      if (generation !== this.generation) throw new Error('leaderboard feed was reset during a build');
      for (const [memberId, points, at] of rows) standing.set(this.slotFor(memberId), points, at);
      this.catchUp(standing, build, snapshot);
      this.standings.set(range.key, standing);
      this.builds.delete(range.key);
      return standing;
    } finally {
      this.inFlight.delete(build);
    }
  }

  private async memberSet(board: BoardDef): Promise<MemberSet> {
    const have = this.memberSets.get(board.id);
    if (have && (!board.membersTtlMs || Date.now() - have.loadedAt < board.membersTtlMs)) return have;
    let loading = this.memberSetLoads.get(board.id);
    if (!loading) {
      const generation = this.generation;
      loading = (async () => {
        const ids = await board.members!();
        const set: MemberSet = { slots: new Set(ids.map((id) => this.slotFor(id))), loadedAt: Date.now() };
        if (generation === this.generation && this.memberSetLoads.get(board.id) === loading) {
          this.memberSets.set(board.id, set);
          this.memberSetLoads.delete(board.id);
          // Views built over the old set are rebuilt against the new one.
          if (have) this.dropViewsOf(board.id);
        }
        return set;
      })();
      this.memberSetLoads.set(board.id, loading);
      loading.catch(() => this.memberSetLoads.delete(board.id));
    }
    return loading;
  }

  private dropViewsOf(board: string): void {
    for (const [key, v] of this.views) {
      if (v.board !== board) continue;
      v.detach();
      this.views.delete(key);
    }
  }

  /** Whether a slot is ranked at all (eligible, not hidden), whatever the board. */
  ranked(slot: number): boolean {
    return this.dir.ranked(slot, this.includeStaff);
  }

  /** A board ranked over a range, built on first use. */
  async view(board: BoardDef, range: Range): Promise<View> {
    const key = `${board.id}|${range.key}`;
    const set = board.members ? await this.memberSet(board) : null;
    const have = this.views.get(key);
    if (have) {
      have.lastUsed = Date.now();
      return have;
    }
    let building = this.viewBuilds.get(key);
    if (!building) {
      building = (async () => {
        const standing = await this.standing(range);
        const existing = this.views.get(key);
        if (existing) return existing;
        const code = board.joinCodeId;
        const member = set
          ? (slot: number) => set.slots.has(slot)
          : code
            ? (slot: number) => this.dir.joinedWith(slot, code)
            : () => true;
        const view = new View(key, board.id, standing, member, (slot) => this.ranked(slot));
        this.views.set(key, view);
        this.viewBuilds.delete(key);
        return view;
      })();
      this.viewBuilds.set(key, building);
      building.catch(() => this.viewBuilds.delete(key));
    }
    return building;
  }

  /** A member's points in a range (0 when none), whatever the board; for members who are not ranked. */
  async pointsIn(memberId: string, range: Range): Promise<number> {
    const standing = await this.standing(range);
    const slot = this.dir.slotOf(memberId);
    return slot === undefined ? 0 : standing.points(slot);
  }

  /** Drop views and standings nobody used for a while (all time stays). */
  private collect(idleMs: number): void {
    const now = Date.now();
    for (const [key, v] of this.views) {
      if (now - v.lastUsed < idleMs) continue;
      v.detach();
      this.views.delete(key);
    }
    for (const [key, s] of this.standings) {
      if (key === ALL_TIME.key || s.views.size > 0 || now - s.lastUsed < idleMs) continue;
      this.standings.delete(key);
    }
  }

  /** Sizes, for the benchmarks and health. */
  stats() {
    return { members: this.dir.size, standings: this.standings.size, views: this.views.size };
  }
}
