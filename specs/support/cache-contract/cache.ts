/**
 * The part of the API that the LRU, LFU and FIFO caches share (levels 3 and 4), as the shared suites in this folder
 * see it. Structural on purpose: each kata declares its own types in `katas/<id>/index.ts`, and any of the three
 * classes fits these.
 */

export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface CacheOptions<K, V> {
  readonly ttl?: number;
  readonly now?: () => number;
  readonly onEvict?: (key: K, value: V, reason: EvictionReason) => void;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly expirations: number;
}

export interface KataCache<K, V> extends Iterable<[K, V]> {
  get(key: K): V | undefined;
  put(key: K, value: V, options?: { readonly ttl?: number }): void;
  has(key: K): boolean;
  peek(key: K): V | undefined;
  delete(key: K): boolean;
  clear(): void;
  readonly size: number;
  entries(): IterableIterator<[K, V]>;
  keys(): IterableIterator<K>;
  values(): IterableIterator<V>;
  purgeExpired(): number;
  stats(): CacheStats;
}

/**
 * The kata's class at `<string, number>`: `LRUCache`, `LFUCache` or `FIFOCache` fits, and `C` is then that class's
 * own instance type, so a kata can add rows that call its own methods (LFU's `frequencyOf`).
 */
export type CacheClass<C extends KataCache<string, number>> = new (
  capacity: number,
  options?: CacheOptions<string, number>,
) => C;

/** The same class with its type parameters, for the few tests that store other values (e.g. `undefined`). */
export type GenericCacheClass = new <K, V>(capacity: number, options?: CacheOptions<K, V>) => KataCache<K, V>;

/** One way to touch key `'a'`, for the tables of touches (`$touch`). */
export interface Touch<C> {
  readonly touch: string;
  readonly act: (cache: C) => unknown;
}
