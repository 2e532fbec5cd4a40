/**
 * A tiny in-process cache for program definitions that change rarely and are read on every
 * completion (levels, active badges, challenge definitions). Writes in this process clear it at
 * once; other nodes see a change after at most `ttlMs`.
 */
export class DefinitionCache {
  private entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(private readonly ttlMs = 5000) {}

  get<T>(key: string, load: () => PromiseLike<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    // Promise.resolve: a drizzle query builder is a lazy thenable that runs again on every await.
    const value = Promise.resolve(load());
    this.entries.set(key, { at: Date.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

const prepared = new WeakMap<object, Map<string, unknown>>();

/**
 * A named prepared statement of a hot read, built once per executor (a database or a transaction)
 * with `build`: PostgreSQL parses and plans it once per connection, and drizzle builds its SQL once.
 */
export function preparedFor<T>(ex: object, name: string, build: () => T): T {
  let byName = prepared.get(ex);
  if (!byName) prepared.set(ex, (byName = new Map()));
  let q = byName.get(name) as T | undefined;
  if (!q) byName.set(name, (q = build()));
  return q;
}
