import type { LeaderboardVisibility } from '@advocate-hub/shared';

/** What the leaderboards need to know about a member, as loaded from the database. */
export interface DirectoryRow {
  id: string;
  status: string;
  visibility: LeaderboardVisibility;
  alias: number;
  joinCodeId: string | null;
  advocate: boolean;
  staff: boolean;
  lifetime: number;
  lifetimeAt: number;
}

const VISIBILITY: LeaderboardVisibility[] = ['named', 'anonymous', 'hidden'];
const ACTIVE = 1;
const ADVOCATE = 2;
const STAFF = 4;

/**
 * Members as small numbers ("slots") with the facts that decide whether and how they are ranked,
 * kept in typed arrays so that a million members cost a few tens of megabytes. Names are not kept:
 * the rows a response shows are looked up in the database.
 */
export class Directory {
  private slots = new Map<string, number>();
  private ids: string[] = [];
  private flags = new Uint8Array(1024);
  private visibility = new Uint8Array(1024);
  private alias = new Int32Array(1024);
  private joinCode = new Int32Array(1024);
  private codes: string[] = [];
  private codeSlots = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  private grow(min: number): void {
    if (min <= this.flags.length) return;
    const n = Math.max(min, this.flags.length * 2);
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.flags = grow(this.flags, (k) => new Uint8Array(k));
    this.visibility = grow(this.visibility, (k) => new Uint8Array(k));
    this.alias = grow(this.alias, (k) => new Int32Array(k));
    this.joinCode = grow(this.joinCode, (k) => new Int32Array(k));
  }

  /** Adds or refreshes a member; returns its slot. */
  put(row: DirectoryRow): number {
    let slot = this.slots.get(row.id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.grow(slot + 1);
      this.ids.push(row.id);
      this.slots.set(row.id, slot);
    }
    this.flags[slot] = (row.status === 'active' ? ACTIVE : 0) | (row.advocate ? ADVOCATE : 0) | (row.staff ? STAFF : 0);
    this.visibility[slot] = Math.max(0, VISIBILITY.indexOf(row.visibility));
    this.alias[slot] = row.alias;
    let code = 0;
    if (row.joinCodeId) {
      code = this.codeSlots.get(row.joinCodeId) ?? 0;
      if (!code) {
        this.codes.push(row.joinCodeId);
        code = this.codes.length;
        this.codeSlots.set(row.joinCodeId, code);
      }
    }
    this.joinCode[slot] = code;
    return slot;
  }

  /** May appear on a board at all: active advocates; staff who are advocates only when opted in. */
  eligible(slot: number, includeStaff: boolean): boolean {
    const f = this.flags[slot]!;
    if (!(f & ACTIVE) || !(f & ADVOCATE)) return false;
    return !(f & STAFF) || includeStaff;
  }

  visibilityOf(slot: number): LeaderboardVisibility {
    return VISIBILITY[this.visibility[slot]!]!;
  }

  /** Ranked (and shown) on boards: eligible and not hidden. */
  ranked(slot: number, includeStaff: boolean): boolean {
    return this.eligible(slot, includeStaff) && this.visibility[slot] !== 2;
  }

  aliasOf(slot: number): number {
    return this.alias[slot]!;
  }

  joinedWith(slot: number, joinCodeId: string): boolean {
    const code = this.codeSlots.get(joinCodeId);
    return code !== undefined && this.joinCode[slot] === code;
  }
}

export { aliasName } from '@advocate-hub/shared';
