/**
 * Cache factory (strategy + factory) — your implementation goes here.
 *
 * Read katas/cache-factory/README.md for the contract, level by level. `npm run kata cache-factory` runs the
 * specs on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs
 * import them. The error classes below are complete: use them as they are.
 */

/** Milliseconds, as returned by the `now` clock and used by TTLs and timeouts. */
export type Milliseconds = number;

/**
 * Level 1. The per-cache state of an eviction policy: the cache tells it what happened to each key and asks it
 * which key to evict. Keys passed in are always held by the cache; a key is inserted once before any other call
 * about it, and removed once (after which it may be inserted again).
 */
export interface PolicyTracker<K> {
  /** A new key entered the cache. */
  onInsert(key: K): void;
  /** A held key was read by `get` or by a `getOrLoad` hit (not by `has`/`peek`). */
  onAccess(key: K): void;
  /** A held key's value was replaced by `put`. */
  onUpdate(key: K): void;
  /** A key left the cache (evicted, expired, deleted or cleared). */
  onRemove(key: K): void;
  /** The key to evict next. Called only when the cache is full, so at least one key is tracked. */
  victim(): K;
}

/** Level 1. A strategy: a name plus a way to create a fresh, empty tracker for each cache. */
export interface EvictionPolicy {
  /** Shown in messages and by `cache.policy`, e.g. `'LRU'`. */
  readonly name: string;
  createTracker<K>(): PolicyTracker<K>;
}

/** Base class of the errors this kata defines. */
export class CacheError extends Error {
  override name = 'CacheError';
}

/** Level 2. A policy's `victim()` named a key the cache does not hold. */
export class PolicyError extends CacheError {
  override name = 'PolicyError';
}

/** Level 4. A load did not settle within `loadTimeout` milliseconds. */
export class LoadTimeoutError extends CacheError {
  override name = 'LoadTimeoutError';
  readonly timeout: Milliseconds;

  constructor(timeout: Milliseconds) {
    super(`Load timed out after ${timeout} ms`);
    this.timeout = timeout;
  }
}

export interface CacheOptions {
  /** Level 1. The most entries the cache holds: a positive safe integer. */
  readonly capacity: number;
  /** Level 2. Default time to live of every entry: a positive number of ms, or `Infinity` (the default). */
  readonly defaultTtl?: Milliseconds;
  /** Level 2. The clock. Default `Date.now`; read only when some entry can expire. */
  readonly now?: () => Milliseconds;
  /** Level 4. How long a load may take before it fails with `LoadTimeoutError`. Default `Infinity` (no limit). */
  readonly loadTimeout?: Milliseconds;
}

export interface PutOptions {
  /** Level 2. This entry's time to live, overriding `defaultTtl`. */
  readonly ttl?: Milliseconds;
}

/** Level 3. What a loader receives besides the key. */
export interface LoadContext {
  /** Aborted when the load is no longer wanted (level 4: timeout, or every waiter gone). */
  readonly signal: AbortSignal;
}

export type Loader<K, V> = (key: K, context: LoadContext) => V | PromiseLike<V>;

export interface GetOrLoadOptions {
  /** Level 4. Abandons this caller's wait when aborted; the promise rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

export interface CacheStats {
  /** `get`/`getOrLoad` calls that found a live entry. */
  readonly hits: number;
  /** `get`/`getOrLoad` calls that found none (a `getOrLoad` joining a load in flight is a miss). */
  readonly misses: number;
  /** Live entries removed to make room. */
  readonly evictions: number;
  /** Expired entries removed (touched, purged, or chosen to make room). */
  readonly expirations: number;
  /** Loader calls started. */
  readonly loads: number;
  /** Loads that rejected, threw, timed out or were abandoned. */
  readonly loadFailures: number;
}

export interface Cache<K, V> {
  readonly capacity: number;
  /** The policy's name. */
  readonly policy: string;
  /** Entries held, including expired ones nothing has touched yet. */
  readonly size: number;
  get(key: K): V | undefined;
  put(key: K, value: V, options?: PutOptions): void;
  has(key: K): boolean;
  peek(key: K): V | undefined;
  delete(key: K): boolean;
  clear(): void;
  purgeExpired(): number;
  getOrLoad(key: K, loader: Loader<K, V>, options?: GetOrLoadOptions): Promise<V>;
  stats(): CacheStats;
}

const notImplemented = (what: string): Error => new Error(`Not implemented: ${what} (katas/cache-factory/index.ts)`);

/**
 * Level 1. The built-in policies, each O(1) per call:
 * - `LRU` evicts the least recently used key (a read or an update makes a key the most recent);
 * - `LFU` evicts the least frequently used key (insert = 1, each read or update +1), ties to the least recent;
 * - `FIFO` evicts the oldest inserted key (reads and updates do not move it).
 * Any other object implementing `EvictionPolicy` plugs into `CacheFactory.create` the same way.
 */
export const EvictionPolicy: {
  readonly LRU: EvictionPolicy;
  readonly LFU: EvictionPolicy;
  readonly FIFO: EvictionPolicy;
} = Object.freeze({
  LRU: Object.freeze({
    name: 'LRU',
    createTracker: <K>(): PolicyTracker<K> => {
      throw notImplemented('EvictionPolicy.LRU.createTracker');
    },
  }),
  LFU: Object.freeze({
    name: 'LFU',
    createTracker: <K>(): PolicyTracker<K> => {
      throw notImplemented('EvictionPolicy.LFU.createTracker');
    },
  }),
  FIFO: Object.freeze({
    name: 'FIFO',
    createTracker: <K>(): PolicyTracker<K> => {
      throw notImplemented('EvictionPolicy.FIFO.createTracker');
    },
  }),
});

/** The one cache class: storage, expiry and loading. It asks its `PolicyTracker` which key to evict. */
class PolicyCache<K, V> implements Cache<K, V> {
  /** Level 1 (options of levels 2 and 4 too). Validates every option; see the README for the errors. */
  constructor(policy: EvictionPolicy, options: CacheOptions) {
    void policy;
    void options;
    throw notImplemented('PolicyCache constructor');
  }

  /** Level 1. The capacity given. */
  get capacity(): number {
    throw notImplemented('Cache.capacity');
  }

  /** Level 1. The policy's name, e.g. `'LRU'`. */
  get policy(): string {
    throw notImplemented('Cache.policy');
  }

  /** Level 1. Entries held (level 2: including expired entries nothing has touched yet). */
  get size(): number {
    throw notImplemented('Cache.size');
  }

  /** Level 1. The value, or `undefined` when absent (or expired); a hit is an access for the policy. */
  get(key: K): V | undefined {
    void key;
    throw notImplemented('Cache.get');
  }

  /**
   * Level 1. Inserts or updates. A new key in a full cache first evicts the policy's victim. An update is an
   * `onUpdate` for the policy. Level 2: `options.ttl` overrides `defaultTtl`. Level 3: detaches a load in flight.
   */
  put(key: K, value: V, options: PutOptions = {}): void {
    void key;
    void value;
    void options;
    throw notImplemented('Cache.put');
  }

  /** Level 1. Whether a live entry exists; not an access for the policy. */
  has(key: K): boolean {
    void key;
    throw notImplemented('Cache.has');
  }

  /** Level 1. The value without telling the policy; `undefined` when absent (or expired). */
  peek(key: K): V | undefined {
    void key;
    throw notImplemented('Cache.peek');
  }

  /** Level 1. Removes the key; `true` if a live entry was removed. Level 3: detaches a load in flight. */
  delete(key: K): boolean {
    void key;
    throw notImplemented('Cache.delete');
  }

  /** Level 1. Removes every entry. Level 3: detaches every load in flight. */
  clear(): void {
    throw notImplemented('Cache.clear');
  }

  /** Level 2. Removes every expired entry now; returns how many. */
  purgeExpired(): number {
    throw notImplemented('Cache.purgeExpired');
  }

  /**
   * Level 3. The cached value, or the value `loader` produces; concurrent misses of one key share one load.
   * Never throws: bad arguments and failures reject the promise. Level 4: `options.signal`, `loadTimeout`.
   */
  getOrLoad(key: K, loader: Loader<K, V>, options: GetOrLoadOptions = {}): Promise<V> {
    void key;
    void loader;
    void options;
    throw notImplemented('Cache.getOrLoad');
  }

  /** Level 4. Counters since the cache was created. */
  stats(): CacheStats {
    throw notImplemented('Cache.stats');
  }
}

/** Level 1. Builds caches; the policy is any `EvictionPolicy`, built-in or your own. */
export const CacheFactory = Object.freeze({
  /**
   * A cache of `options.capacity` entries evicting by `policy`.
   * @throws TypeError when `policy` is not an `EvictionPolicy` or `options` not an object; see the README.
   */
  create<K, V>(policy: EvictionPolicy, options: CacheOptions): Cache<K, V> {
    return new PolicyCache<K, V>(policy, options);
  },
});
