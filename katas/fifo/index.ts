/**
 * FIFO cache — your implementation goes here.
 *
 * Read katas/fifo/README.md for the contract, level by level. `npm run kata fifo` runs the specs on every save.
 * Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** Why an entry left the cache (level 4). */
export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface FIFOCacheOptions<K, V> {
  /**
   * Level 3. Default time to live of every entry, in milliseconds. A positive number, or `Infinity` for entries
   * that never expire. Default: `Infinity`.
   */
  readonly ttl?: Milliseconds;
  /** Level 3. The clock. Default: `Date.now`. Read only when some entry can expire. */
  readonly now?: () => Milliseconds;
  /**
   * Level 4. Called after an entry has left the cache, with the reason. Its errors propagate to the caller of the
   * operation that removed the entry, after the cache has finished that operation.
   */
  readonly onEvict?: (key: K, value: V, reason: EvictionReason) => void;
}

export interface PutOptions {
  /** Level 3. This entry's time to live, overriding the cache's default `ttl`. */
  readonly ttl?: Milliseconds;
}

export interface CacheStats {
  /** `get` calls that found a live entry. */
  readonly hits: number;
  /** `get` calls that found nothing, or only an expired entry. */
  readonly misses: number;
  /** Entries removed to make room (reason `evict`). */
  readonly evictions: number;
  /** Entries removed because they had expired (reason `expire`). */
  readonly expirations: number;
}

export class FIFOCache<K, V> implements Iterable<[K, V]> {
  /**
   * Level 1. A cache holding at most `capacity` entries.
   * @throws TypeError when `capacity` is not a number; RangeError when it is not a positive safe integer.
   */
  constructor(capacity: number, options: FIFOCacheOptions<K, V> = {}) {
    void capacity;
    void options;
    throw new Error('Not implemented: FIFOCache constructor (katas/fifo/index.ts)');
  }

  /** Level 1. The maximum number of entries. */
  get capacity(): number {
    throw new Error('Not implemented: FIFOCache.capacity');
  }

  /**
   * Level 1. The value for `key`, or `undefined` when absent (or expired). Changes nothing: a key read often is
   * evicted as early as one never read.
   */
  get(key: K): V | undefined {
    void key;
    throw new Error('Not implemented: FIFOCache.get');
  }

  /**
   * Level 1. Inserts `key` as the newest entry, or updates its value in place (it keeps its original position).
   * Inserting a new key into a full cache first evicts the oldest insertion.
   * Level 3: `options.ttl` overrides the default TTL for this entry.
   */
  put(key: K, value: V, options: PutOptions = {}): void {
    void key;
    void value;
    void options;
    throw new Error('Not implemented: FIFOCache.put');
  }

  /** Level 2. Whether a live entry exists for `key`. */
  has(key: K): boolean {
    void key;
    throw new Error('Not implemented: FIFOCache.has');
  }

  /** Level 2. The value for `key`, exactly like `get` but not counted in `stats()`; `undefined` when absent. */
  peek(key: K): V | undefined {
    void key;
    throw new Error('Not implemented: FIFOCache.peek');
  }

  /** Level 2. Removes `key`; `true` if a live entry was removed. */
  delete(key: K): boolean {
    void key;
    throw new Error('Not implemented: FIFOCache.delete');
  }

  /** Level 2. Removes every entry. */
  clear(): void {
    throw new Error('Not implemented: FIFOCache.clear');
  }

  /** Level 2. How many entries the cache holds (level 3: expired entries count until they are removed). */
  get size(): number {
    throw new Error('Not implemented: FIFOCache.size');
  }

  /**
   * Level 2. Live `[key, value]` pairs from the newest insertion to the oldest, so the last pair is the next to be
   * evicted.
   */
  entries(): IterableIterator<[K, V]> {
    throw new Error('Not implemented: FIFOCache.entries');
  }

  /** Level 2. Live keys, newest insertion first. */
  keys(): IterableIterator<K> {
    throw new Error('Not implemented: FIFOCache.keys');
  }

  /** Level 2. Live values, newest insertion first. */
  values(): IterableIterator<V> {
    throw new Error('Not implemented: FIFOCache.values');
  }

  /** Level 2. Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Level 3. Removes every expired entry now; returns how many were removed. */
  purgeExpired(): number {
    throw new Error('Not implemented: FIFOCache.purgeExpired');
  }

  /** Level 4. Counters since the cache was created. */
  stats(): CacheStats {
    throw new Error('Not implemented: FIFOCache.stats');
  }
}
