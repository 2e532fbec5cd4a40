/**
 * A PostgreSQL snapshot (`pg_current_snapshot()`, "xmin:xmax:xip,…"): which transactions' effects
 * a read saw. A transaction is visible when it finished before xmin, or before xmax and was not in
 * progress (`pg_visible_in_snapshot`).
 */
export class Snapshot {
  private constructor(
    private readonly xmin: bigint,
    private readonly xmax: bigint,
    private readonly xip: Set<bigint>,
  ) {}

  static parse(text: string): Snapshot {
    const [xmin, xmax, xip] = text.split(':');
    if (!xmin || !xmax) throw new Error(`not a snapshot: ${text}`);
    const inProgress = new Set(
      (xip ?? '')
        .split(',')
        .filter(Boolean)
        .map((x) => BigInt(x)),
    );
    return new Snapshot(BigInt(xmin), BigInt(xmax), inProgress);
  }

  sees(xid: bigint): boolean {
    if (xid < this.xmin) return true;
    if (xid >= this.xmax) return false;
    return !this.xip.has(xid);
  }
}
