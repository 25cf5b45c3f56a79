/**
 * TTL cache — your implementation goes here.
 *
 * Read katas/ttl-cache/README.md for the contract, level by level. `npm run kata ttl-cache` runs the specs on
 * every save. Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

export interface TTLCacheOptions<K, V> {
  /**
   * Level 1. Default time to live of every entry, in milliseconds: a positive number, or `Infinity` for entries
   * that never expire. Default: `Infinity`.
   */
  readonly ttl?: Milliseconds;
  /** Level 1. The clock. Default: `Date.now`. Read only when some entry can expire. */
  readonly now?: () => Milliseconds;
  /**
   * Level 3. How many expired entries each `set` (and `sweep()` without a limit) removes at most: a non-negative
   * integer, `0` for lazy expiry only. Default: 8.
   */
  readonly sweepBatch?: number;
  /**
   * Level 4. Called after an entry has been removed because it expired. Its errors propagate to the caller of
   * the operation that removed the entry, after the cache has finished that operation.
   */
  readonly onExpire?: (key: K, value: V) => void;
}

export interface SetOptions {
  /** Level 1. This entry's time to live, overriding the cache's default `ttl`. */
  readonly ttl?: Milliseconds;
}

export class TTLCache<K, V> implements Iterable<[K, V]> {
  /**
   * Level 1. An empty cache.
   * @throws TypeError when `ttl` is not a number or `now` not a function; RangeError when `ttl` is not positive.
   */
  constructor(options: TTLCacheOptions<K, V> = {}) {
    void options;
    throw new Error('Not implemented: TTLCache constructor (katas/ttl-cache/index.ts)');
  }

  /**
   * Level 1. Stores `value` for `key`, expiring `ttl` ms from now (`options.ttl`, else the default). On an
   * existing key, replaces the value and restarts the TTL. Level 3: also sweeps up to `sweepBatch` expired entries.
   */
  set(key: K, value: V, options: SetOptions = {}): void {
    void key;
    void value;
    void options;
    throw new Error('Not implemented: TTLCache.set');
  }

  /** Level 1. The value for `key`; `undefined` when absent or expired. Never extends the TTL. */
  get(key: K): V | undefined {
    void key;
    throw new Error('Not implemented: TTLCache.get');
  }

  /** Level 1. Whether a live entry exists for `key`. */
  has(key: K): boolean {
    void key;
    throw new Error('Not implemented: TTLCache.has');
  }

  /** Level 1. Removes `key`; `true` if a live entry was removed. */
  delete(key: K): boolean {
    void key;
    throw new Error('Not implemented: TTLCache.delete');
  }

  /**
   * Level 2. How many entries the cache holds, including expired entries that nothing has removed yet.
   */
  get size(): number {
    throw new Error('Not implemented: TTLCache.size');
  }

  /** Level 2. Milliseconds until `key` expires; `Infinity` if never; `undefined` when absent or expired. */
  remainingTtl(key: K): Milliseconds | undefined {
    void key;
    throw new Error('Not implemented: TTLCache.remainingTtl');
  }

  /** Level 2. Removes every entry. */
  clear(): void {
    throw new Error('Not implemented: TTLCache.clear');
  }

  /** Level 2. Live `[key, value]` pairs in insertion order; expired entries are skipped, not removed. */
  entries(): IterableIterator<[K, V]> {
    throw new Error('Not implemented: TTLCache.entries');
  }

  /** Level 2. Live keys in insertion order. */
  keys(): IterableIterator<K> {
    throw new Error('Not implemented: TTLCache.keys');
  }

  /** Level 2. Live values in insertion order. */
  values(): IterableIterator<V> {
    throw new Error('Not implemented: TTLCache.values');
  }

  /** Level 2. Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * Level 3. Removes at most `limit` expired entries, earliest expiry first (ties: set earlier first), and returns
   * how many it removed. Its cost depends on what it removes, not on how many live entries the cache holds.
   * @throws TypeError / RangeError when `limit` is not a non-negative integer or `Infinity`.
   */
  sweep(limit?: number): number {
    void limit;
    throw new Error('Not implemented: TTLCache.sweep');
  }
}
