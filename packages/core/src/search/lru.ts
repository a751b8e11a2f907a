/**
 * A least-recently-used map within a budget of bytes. Entries may grow after they are put (a
 * version's case-sensitive folding is added on first need): `grow` charges the budget and evicts.
 */
export class Lru<V> {
  readonly #entries = new Map<string, { value: V; cost: number }>();
  #bytes = 0;
  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Re-insert: Map order is the LRU order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` unless it alone exceeds the budget; evicts the oldest entries to fit. */
  put(key: string, value: V, cost: number): V {
    this.delete(key);
    if (cost > this.maxBytes) return value;
    this.#entries.set(key, { value, cost });
    this.#bytes += cost;
    this.#evict();
    return value;
  }

  /** Adds `cost` to a kept entry (no-op when it was evicted or never kept). */
  grow(key: string, cost: number): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.cost += cost;
    this.#bytes += cost;
    this.#evict();
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.cost;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= entry.cost;
    }
  }
}
