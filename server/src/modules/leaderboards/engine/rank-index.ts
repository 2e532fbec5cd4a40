/**
 * An ordered set of member slots, best first, kept in chunks of at most `CHUNK` so that an insert
 * or a removal moves at most one chunk's worth of numbers (a sorted list of sorted lists). Rank
 * queries are a binary search over chunks plus one inside a chunk.
 *
 * The order is the `Scores`' order: more points first, then whoever reached the total first, then
 * the member id. A slot's score must not change while it is in the index: remove it, change the
 * score, insert it again.
 */
export interface Scores {
  points(slot: number): number;
  /** When the slot reached its points (ms); earlier ranks first among equal points. */
  reachedAt(slot: number): number;
  /** The last tie-break: the member id. */
  id(slot: number): string;
}

const CHUNK = 512;

export class RankIndex {
  private chunks: number[][] = [];
  private _size = 0;

  constructor(private readonly scores: Scores) {}

  get size(): number {
    return this._size;
  }

  /** Negative when `a` ranks before `b`. */
  compare(a: number, b: number): number {
    const s = this.scores;
    const dp = s.points(b) - s.points(a);
    if (dp !== 0) return dp;
    const dt = s.reachedAt(a) - s.reachedAt(b);
    if (dt !== 0) return dt;
    if (a === b) return 0;
    return s.id(a) < s.id(b) ? -1 : 1;
  }

  /** Builds the index from slots in any order (replaces what was there). */
  load(slots: number[]): void {
    slots.sort((a, b) => this.compare(a, b));
    this.chunks = [];
    for (let i = 0; i < slots.length; i += CHUNK) this.chunks.push(slots.slice(i, i + CHUNK));
    this._size = slots.length;
  }

  /** The chunk a slot with this key belongs in: the first whose last element does not rank before it. */
  private chunkFor(slot: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid]!;
      if (this.compare(chunk[chunk.length - 1]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerBound(chunk: number[], slot: number, cmp: (a: number, b: number) => number): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(chunk[mid]!, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(slot: number): void {
    const cmp = (a: number, b: number) => this.compare(a, b);
    if (this.chunks.length === 0) {
      this.chunks.push([slot]);
      this._size = 1;
      return;
    }
    const c = this.chunkFor(slot);
    const chunk = this.chunks[c]!;
    chunk.splice(RankIndex.lowerBound(chunk, slot, cmp), 0, slot);
    this._size++;
    if (chunk.length > CHUNK * 2) this.chunks.splice(c + 1, 0, chunk.splice(CHUNK));
  }

  /** Removes the slot (its score must be the one it was inserted with). False when it was not there. */
  remove(slot: number): boolean {
    if (this.chunks.length === 0) return false;
    const c = this.chunkFor(slot);
    const chunk = this.chunks[c]!;
    const at = RankIndex.lowerBound(chunk, slot, (a, b) => this.compare(a, b));
    if (chunk[at] !== slot) return false;
    chunk.splice(at, 1);
    this._size--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
    else if (chunk.length < CHUNK / 4 && c + 1 < this.chunks.length) {
      const next = this.chunks[c + 1]!;
      if (chunk.length + next.length <= CHUNK * 2) {
        chunk.push(...next);
        this.chunks.splice(c + 1, 1);
      }
    }
    return true;
  }

  /** How many slots have strictly more points than `points`: a rank is this plus one. */
  countAbove(points: number): number {
    const s = this.scores;
    let before = 0;
    for (const chunk of this.chunks) {
      if (s.points(chunk[chunk.length - 1]!) > points) {
        before += chunk.length;
        continue;
      }
      let lo = 0;
      let hi = chunk.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s.points(chunk[mid]!) > points) lo = mid + 1;
        else hi = mid;
      }
      return before + lo;
    }
    return before;
  }

  /** The slot's position (0-based) in the order, or -1 when it is not in the index. */
  positionOf(slot: number): number {
    if (this.chunks.length === 0) return -1;
    const c = this.chunkFor(slot);
    const chunk = this.chunks[c]!;
    const at = RankIndex.lowerBound(chunk, slot, (a, b) => this.compare(a, b));
    if (chunk[at] !== slot) return -1;
    let before = 0;
    for (let i = 0; i < c; i++) before += this.chunks[i]!.length;
    return before + at;
  }

  /** Slots at positions [from, from + count). */
  slice(from: number, count: number): number[] {
    const out: number[] = [];
    let skip = Math.max(0, from);
    for (const chunk of this.chunks) {
      if (out.length >= count) break;
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      for (let i = skip; i < chunk.length && out.length < count; i++) out.push(chunk[i]!);
      skip = 0;
    }
    return out;
  }

  /** The first slot ranked with more points than `points` nearest to it (the one to pass), if any. */
  nearestAbove(points: number): number | null {
    const n = this.countAbove(points);
    return n === 0 ? null : this.slice(n - 1, 1)[0]!;
  }
}
