import { RankIndex, type Scores } from './rank-index.js';
import type { Directory } from './directory.js';

/** A time range of the ledger, in ms since the epoch: [start, end). All time is (−∞, +∞). */
export interface Range {
  key: string;
  start: number;
  end: number;
}

/**
 * What every member earned in one range: points and when they reached them, by slot. Boards over
 * the range (`View`s) rank a subset of these slots; a change is applied here once and moves the
 * slot in every view.
 */
export class Standing implements Scores {
  private pts = new Int32Array(1024);
  private at = new Float64Array(1024);
  private seen = new Uint8Array(1024);
  /** Slots with any entry in the range (a view is built from these). */
  readonly touched: number[] = [];
  readonly views = new Set<View>();
  lastUsed = Date.now();

  constructor(
    readonly range: Range,
    private readonly dir: Directory,
  ) {}

  points(slot: number): number {
    return slot < this.pts.length ? this.pts[slot]! : 0;
  }
  reachedAt(slot: number): number {
    return slot < this.at.length ? this.at[slot]! : 0;
  }
  id(slot: number): string {
    return this.dir.idOf(slot);
  }

  private grow(slot: number): void {
    if (slot < this.pts.length) return;
    const n = Math.max(slot + 1, this.pts.length * 2);
    const pts = new Int32Array(n);
    pts.set(this.pts);
    const at = new Float64Array(n);
    at.set(this.at);
    const seen = new Uint8Array(n);
    seen.set(this.seen);
    this.pts = pts;
    this.at = at;
    this.seen = seen;
  }

  /** Sets a slot's totals while the standing is built (no views yet). */
  set(slot: number, points: number, reachedAt: number): void {
    this.grow(slot);
    if (!this.seen[slot]) {
      this.seen[slot] = 1;
      this.touched.push(slot);
    }
    this.pts[slot] = points;
    this.at[slot] = reachedAt;
  }

  contains(at: number): boolean {
    return at >= this.range.start && at < this.range.end;
  }

  /** Adds an entry's lifetime delta and moves the slot in every view; returns the views it changed. */
  add(slot: number, delta: number, at: number): View[] {
    const hits: View[] = [];
    for (const v of this.views) if (v.take(slot)) hits.push(v);
    this.set(slot, this.points(slot) + delta, Math.max(this.reachedAt(slot), at));
    for (const v of this.views) {
      if (v.put(slot) && !hits.includes(v)) hits.push(v);
    }
    for (const v of hits) v.touch();
    return hits;
  }

  /** Re-decides whether a slot is in each view (its member's facts changed); returns the views it changed. */
  refresh(slot: number): View[] {
    const hits: View[] = [];
    for (const v of this.views) {
      const was = v.take(slot);
      const is = v.put(slot);
      if (was || is) {
        v.touch();
        hits.push(v);
      }
    }
    return hits;
  }
}

/** One board over one range: the slots that are its members, ranked and shown, with points above zero. */
export class View {
  readonly index: RankIndex;
  private inIndex = new Uint8Array(1024);
  /** Bumped on every change, so that watchers can tell whether to look again. */
  version = 0;
  updatedAt = Date.now();
  lastUsed = Date.now();

  constructor(
    readonly key: string,
    readonly board: string,
    readonly standing: Standing,
    /** Whether the slot belongs on this board (membership alone). */
    readonly member: (slot: number) => boolean,
    /** Whether the slot may be ranked at all (eligible and not hidden). */
    private readonly ranked: (slot: number) => boolean,
  ) {
    this.index = new RankIndex(standing);
    const slots = standing.touched.filter((s) => this.qualifies(s));
    for (const s of slots) this.mark(s, 1);
    this.index.load(slots);
    standing.views.add(this);
  }

  qualifies(slot: number): boolean {
    return this.standing.points(slot) > 0 && this.member(slot) && this.ranked(slot);
  }

  has(slot: number): boolean {
    return slot < this.inIndex.length && this.inIndex[slot] === 1;
  }

  private mark(slot: number, v: 0 | 1): void {
    if (slot >= this.inIndex.length) {
      const n = new Uint8Array(Math.max(slot + 1, this.inIndex.length * 2));
      n.set(this.inIndex);
      this.inIndex = n;
    }
    this.inIndex[slot] = v;
  }

  /** Takes the slot out (before its score changes); true when it was in. */
  take(slot: number): boolean {
    if (!this.has(slot)) return false;
    this.index.remove(slot);
    this.mark(slot, 0);
    return true;
  }

  /** Puts the slot in when it qualifies; true when it went in. */
  put(slot: number): boolean {
    if (this.has(slot) || !this.qualifies(slot)) return false;
    this.index.insert(slot);
    this.mark(slot, 1);
    return true;
  }

  touch(): void {
    this.version++;
    this.updatedAt = Date.now();
  }

  detach(): void {
    this.standing.views.delete(this);
  }
}
