/**
 * LFU cache — your implementation goes here.
 *
 * Read katas/lfu/README.md for the contract, level by level. `npm run kata lfu` runs the specs on every save.
 * Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** Why an entry left the cache (level 4). */
export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface LFUCacheOptions<K, V> {
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

export class LFUCache<K, V> implements Iterable<[K, V]> {
  /**
   * Level 1. A cache holding at most `capacity` entries.
   * @throws TypeError when `capacity` is not a number; RangeError when it is not a positive safe integer.
   */
  constructor(capacity: number, options: LFUCacheOptions<K, V> = {}) {
    void capacity;
    void options;
    throw new Error('Not implemented: LFUCache constructor (katas/lfu/index.ts)');
  }

  /** Level 1. The maximum number of entries. */
  get capacity(): number {
    throw new Error('Not implemented: LFUCache.capacity');
  }

  /** Level 1. The value for `key`, counting one more use of it; `undefined` when absent (or expired). */
  get(key: K): V | undefined {
    void key;
    throw new Error('Not implemented: LFUCache.get');
  }

  /**
   * Level 1. Inserts `key` with frequency 1, or updates it and counts one more use. Inserting into a full cache
   * first evicts the least frequently used entry (the least recently used among ties).
   * Level 3: `options.ttl` overrides the default TTL for this entry.
   */
  put(key: K, value: V, options: PutOptions = {}): void {
    void key;
    void value;
    void options;
    throw new Error('Not implemented: LFUCache.put');
  }

  /** Level 2. Whether a live entry exists for `key`. Counts no use. */
  has(key: K): boolean {
    void key;
    throw new Error('Not implemented: LFUCache.has');
  }

  /** Level 2. The value for `key` without counting a use; `undefined` when absent (or expired). */
  peek(key: K): V | undefined {
    void key;
    throw new Error('Not implemented: LFUCache.peek');
  }

  /** Level 2. How many times `key` has been used since it was inserted; `undefined` when absent (or expired). */
  frequencyOf(key: K): number | undefined {
    void key;
    throw new Error('Not implemented: LFUCache.frequencyOf');
  }

  /** Level 2. Removes `key`, forgetting its frequency; `true` if a live entry was removed. */
  delete(key: K): boolean {
    void key;
    throw new Error('Not implemented: LFUCache.delete');
  }

  /** Level 2. Removes every entry. */
  clear(): void {
    throw new Error('Not implemented: LFUCache.clear');
  }

  /** Level 2. How many entries the cache holds (level 3: expired entries count until they are removed). */
  get size(): number {
    throw new Error('Not implemented: LFUCache.size');
  }

  /**
   * Level 2. Live `[key, value]` pairs from the last to be evicted to the next to be evicted: highest frequency
   * first, and within one frequency the most recently used first. Counts no use.
   */
  entries(): IterableIterator<[K, V]> {
    throw new Error('Not implemented: LFUCache.entries');
  }

  /** Level 2. Live keys, in the order of `entries()`. */
  keys(): IterableIterator<K> {
    throw new Error('Not implemented: LFUCache.keys');
  }

  /** Level 2. Live values, in the order of `entries()`. */
  values(): IterableIterator<V> {
    throw new Error('Not implemented: LFUCache.values');
  }

  /** Level 2. Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Level 3. Removes every expired entry now; returns how many were removed. */
  purgeExpired(): number {
    throw new Error('Not implemented: LFUCache.purgeExpired');
  }

  /** Level 4. Counters since the cache was created. */
  stats(): CacheStats {
    throw new Error('Not implemented: LFUCache.stats');
  }
}
