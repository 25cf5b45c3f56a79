/**
 * The LRU kata's API as a thin adapter over the npm package `lru-cache` (v11).
 *
 * Purpose: show that specs/lru tests behaviour, not one implementation. Storage, recency, eviction and expiry are
 * all lru-cache's; this file only validates arguments, translates options, translates listener reasons, and
 * sequences lru-cache's own public calls. Translations, each for a documented lru-cache semantic:
 *
 * - Capacity → `maxSize` with every entry of size 1 (not `max`: `max` preallocates arrays of that length, so a
 *   capacity such as `Number.MAX_SAFE_INTEGER` cannot be constructed).
 * - Values are boxed (`{ value }`): lru-cache never stores `undefined` (`set(k, undefined)` deletes).
 *   A `put` of an `Object.is`-equal value reuses the old box, because lru-cache reports `'set'` on `!==`.
 * - TTL: lru-cache's `ttl: 0` means "no TTL", so `Infinity` → `0`. lru-cache calls an entry stale when
 *   `age > ttl`, the contract when `age >= ttl`; for doubles `age >= d` ⟺ `age > nextDown(d)`, so the TTL given to
 *   lru-cache is the largest double below the contract's. The default TTL is passed on each `set` (lru-cache's
 *   constructor only takes integer TTLs; `set` takes any number).
 * - Clock: `perf: { now }`, `ttlResolution: 0` (the default 1 caches the clock for a real millisecond). lru-cache
 *   stores a start time of 0 as "no TTL", so a reading of exactly 0 is passed as the smallest positive double
 *   (every age computed from it rounds to the same value).
 * - `has`/`peek`/`delete`/`put` on an entry lru-cache reports as stale (its `status` out-parameter): a `get` makes
 *   lru-cache drop it with reason `'expire'` (lru-cache's `has`/`peek` leave stale entries in place).
 * - An `'evict'` of an entry lru-cache considers expired (`getRemainingTTL < 0`) is reported as `'expire'`.
 * - Listener calls are queued and delivered when the adapter's method returns; errors as the contract says.
 */
import { LRUCache as Lru } from 'lru-cache';

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** Why an entry left the cache (level 4). */
export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface LRUCacheOptions<K, V> {
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

interface Box<V> {
  readonly value: V;
}

type Status<K, V> = Lru.Status<NonNullable<K>, Box<V>>;

function shown(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'bigint'
        ? `${value}n`
        : Array.isArray(value)
          ? `[${value.map(String).join(', ')}]`
          : typeof value === 'object' && value !== null
            ? Object.prototype.toString.call(value)
            : String(value);
  return `\`${text}\` (${value === null ? 'null' : typeof value})`;
}

function checkCapacity(capacity: unknown): number {
  const message = `Expected \`capacity\` to be a positive integer, got ${shown(capacity)}`;
  if (typeof capacity !== 'number') throw new TypeError(message);
  if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new RangeError(message);
  return capacity;
}

function checkTtl(ttl: unknown): number {
  const message = `Expected \`ttl\` to be a positive number or Infinity, got ${shown(ttl)}`;
  if (typeof ttl !== 'number') throw new TypeError(message);
  if (!(ttl > 0)) throw new RangeError(message);
  return ttl;
}

function checkFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${shown(value)}`);
  }
  return value;
}

const view = new DataView(new ArrayBuffer(8));

/** The largest double below `x` (for a positive finite `x`). */
function nextDown(x: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** The contract's TTL (expired when age >= ttl) as lru-cache's (stale when age > ttl; 0 = none). */
function toLruTtl(ttl: number): number {
  return ttl === Number.POSITIVE_INFINITY ? 0 : nextDown(ttl);
}

export class LRUCache<K, V> implements Iterable<[K, V]> {
  readonly #capacity: number;
  readonly #ttl: number;
  readonly #onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  readonly #cache: Lru<NonNullable<K>, Box<V>>;
  #pending: [K, V, EvictionReason][] = [];
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  /**
   * Level 1. A cache holding at most `capacity` entries.
   * @throws TypeError when `capacity` is not a number; RangeError when it is not a positive safe integer.
   */
  constructor(capacity: number, options: LRUCacheOptions<K, V> = {}) {
    this.#capacity = checkCapacity(capacity);
    this.#ttl = options.ttl === undefined ? Number.POSITIVE_INFINITY : checkTtl(options.ttl);
    const now = checkFunction('now', options.now) ?? (() => Date.now());
    this.#onEvict = checkFunction('onEvict', options.onEvict);
    this.#cache = new Lru<NonNullable<K>, Box<V>>({
      maxSize: this.#capacity,
      sizeCalculation: () => 1,
      ttlResolution: 0,
      perf: {
        now: () => {
          const t = now();
          return t === 0 ? Number.MIN_VALUE : t;
        },
      },
      dispose: (box, key, reason) => this.#removed(key, box.value, reason),
    });
  }

  /** Level 1. The maximum number of entries. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Level 1. The value for `key`, marking it most recently used; `undefined` when absent (or expired). */
  get(key: K): V | undefined {
    return this.#operate(() => {
      const box = this.#cache.get(key as NonNullable<K>);
      if (box === undefined) this.#misses++;
      else this.#hits++;
      return box?.value;
    });
  }

  /**
   * Level 1. Inserts or updates `key`; either way it becomes the most recently used. Inserting into a full cache
   * first evicts the least recently used entry. Level 3: `options.ttl` overrides the default TTL for this entry.
   */
  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : checkTtl(options.ttl);
    const k = key as NonNullable<K>;
    this.#operate(() => {
      const status: Status<K, V> = {};
      const old = this.#cache.peek(k, { status });
      if (status.peek === 'stale') this.#cache.get(k);
      const box = old !== undefined && Object.is(old.value, value) ? old : { value };
      this.#cache.set(k, box, { ttl: toLruTtl(ttl) });
    });
  }

  /** Level 2. Whether a live entry exists for `key`. Does not change recency. */
  has(key: K): boolean {
    return this.#operate(() => this.#liveOrDrop(key as NonNullable<K>));
  }

  /** Level 2. The value for `key` without changing recency; `undefined` when absent (or expired). */
  peek(key: K): V | undefined {
    const k = key as NonNullable<K>;
    return this.#operate(() => {
      const status: Status<K, V> = {};
      const box = this.#cache.peek(k, { status });
      if (status.peek === 'stale') this.#cache.get(k);
      return box?.value;
    });
  }

  /** Level 2. Removes `key`; `true` if a live entry was removed. */
  delete(key: K): boolean {
    const k = key as NonNullable<K>;
    return this.#operate(() => this.#liveOrDrop(k) && this.#cache.delete(k));
  }

  /** Level 2. Removes every entry. */
  clear(): void {
    this.#operate(() => this.#cache.clear());
  }

  /** Level 2. How many entries the cache holds (level 3: expired entries count until they are removed). */
  get size(): number {
    return this.#cache.size;
  }

  /** Level 2. Live `[key, value]` pairs from most to least recently used, without changing recency. */
  *entries(): IterableIterator<[K, V]> {
    for (const [key, box] of this.#cache.entries()) yield [key, box.value];
  }

  /** Level 2. Live keys from most to least recently used. */
  keys(): IterableIterator<K> {
    return this.#cache.keys();
  }

  /** Level 2. Live values from most to least recently used. */
  *values(): IterableIterator<V> {
    for (const box of this.#cache.values()) yield box.value;
  }

  /** Level 2. Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Level 3. Removes every expired entry now; returns how many were removed. */
  purgeExpired(): number {
    return this.#operate(() => {
      const before = this.#expirations;
      this.#cache.purgeStale();
      return this.#expirations - before;
    });
  }

  /** Level 4. Counters since the cache was created. */
  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, expirations: this.#expirations };
  }

  /** Whether lru-cache holds a live entry for `key`; a stale one is handed to lru-cache's `get`, which drops it. */
  #liveOrDrop(key: NonNullable<K>): boolean {
    const status: Status<K, V> = {};
    const live = this.#cache.has(key, { status });
    if (status.has === 'stale') this.#cache.get(key);
    return live;
  }

  /** lru-cache's `dispose` hook: runs just before lru-cache unlinks the entry. */
  #removed(key: K, value: V, lruReason: Lru.DisposeReason): void {
    const reason: EvictionReason =
      lruReason === 'evict'
        ? this.#cache.getRemainingTTL(key as NonNullable<K>) < 0
          ? 'expire'
          : 'evict'
        : lruReason === 'fetch'
          ? 'delete' // only with fetchMethod, which this adapter never sets
          : lruReason;
    if (reason === 'evict') this.#evictions++;
    if (reason === 'expire') this.#expirations++;
    if (this.#onEvict !== undefined) this.#pending.push([key, value, reason]);
  }

  /** Runs one operation, then delivers its listener calls; the first listener error propagates after all ran. */
  #operate<T>(operation: () => T): T {
    const result = operation();
    const onEvict = this.#onEvict;
    if (onEvict === undefined || this.#pending.length === 0) return result;
    const batch = this.#pending;
    this.#pending = [];
    const errors: unknown[] = [];
    for (const [key, value, reason] of batch) {
      try {
        onEvict(key, value, reason);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
    return result;
  }
}
