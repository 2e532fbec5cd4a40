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
