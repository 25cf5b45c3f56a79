/**
 * LRU cache — independent implementation written from katas/lru/README.md only.
 *
 * Layout (in the style of the npm package `lru-cache`): entries live in numbered slots. A `Map` goes from key to
 * slot; parallel arrays hold each slot's key, value and expiry time; two `Int32Array`s hold the recency links
 * (`prev` towards the most recent, `next` towards the least recent). Freed slots go on a free stack and are reused.
 * The arrays grow by doubling up to `capacity`, so a huge capacity costs nothing up front.
 */

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

/** "No slot": the end of the recency list. */
const NIL = -1;
const INITIAL_SLOTS = 16;

type Notice<K, V> = [key: K, value: V, reason: EvictionReason];

function describe(value: unknown): string {
  const type = value === null ? 'null' : typeof value;
  let shown: string;
  try {
    shown = typeof value === 'string' ? `'${value}'` : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return `\`${shown}\` (${type})`;
}

function checkCapacity(capacity: unknown): number {
  const message = `Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`;
  if (typeof capacity !== 'number') throw new TypeError(message);
  if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new RangeError(message);
  return capacity;
}

function checkTtl(ttl: unknown): number {
  const message = `Expected \`ttl\` to be a positive number or Infinity, got ${describe(ttl)}`;
  if (typeof ttl !== 'number') throw new TypeError(message);
  // `!(ttl > 0)` rejects 0, negatives, -Infinity and NaN at once.
  if (!(ttl > 0)) throw new RangeError(message);
  return ttl;
}

function checkFunction<F>(name: string, value: unknown): F {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  }
  return value as F;
}

/** Map keys treat -0 as +0 (and store +0); do the same so iteration yields what a Map would. */
function normalizeKey<K>(key: K): K {
  return (Object.is(key, -0) ? 0 : key) as K;
}

export class LRUCache<K, V> implements Iterable<[K, V]> {
  readonly #capacity: number;
  readonly #defaultTtl: number;
  readonly #clock: () => Milliseconds;
  readonly #onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;

  readonly #slotOf = new Map<K, number>();
  #keyAt: (K | undefined)[] = [];
  #valueAt: (V | undefined)[] = [];
  #expiresAt: Float64Array;
  #prev: Int32Array;
  #next: Int32Array;
  /** Number of slots ever handed out (slots below it are in use or on the free stack). */
  #used = 0;
  readonly #free: number[] = [];
  /** Most recently used slot. */
  #head = NIL;
  /** Least recently used slot. */
  #tail = NIL;

  /** The clock reading for the current operation, read at most once and only when an expiry must be checked. */
  #opTime = 0;
  #opTimeRead = false;

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
    const { ttl, now, onEvict } = options;
    this.#defaultTtl = ttl === undefined ? Number.POSITIVE_INFINITY : checkTtl(ttl);
    this.#clock = now === undefined ? Date.now : checkFunction<() => Milliseconds>('now', now);
    this.#onEvict =
      onEvict === undefined
        ? undefined
        : checkFunction<(key: K, value: V, reason: EvictionReason) => void>('onEvict', onEvict);
    const slots = Math.min(this.#capacity, INITIAL_SLOTS);
    this.#expiresAt = new Float64Array(slots);
    this.#prev = new Int32Array(slots);
    this.#next = new Int32Array(slots);
  }

  /** Level 1. The maximum number of entries. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Level 1. The value for `key`, marking it most recently used; `undefined` when absent (or expired). */
  get(key: K): V | undefined {
    this.#beginOperation();
    const slot = this.#slotOf.get(key);
    if (slot === undefined) {
      this.#misses++;
      return undefined;
    }
    if (this.#isExpired(slot)) {
      const notices: Notice<K, V>[] = [];
      this.#remove(slot, 'expire', notices);
      this.#misses++;
      this.#deliver(notices);
      return undefined;
    }
    this.#hits++;
    this.#moveToFront(slot);
    return this.#valueAt[slot] as V;
  }

  /**
   * Level 1. Inserts or updates `key`; either way it becomes the most recently used. Inserting into a full cache
   * first evicts the least recently used entry. Level 3: `options.ttl` overrides the default TTL for this entry.
   */
  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);
    this.#beginOperation();
    const notices: Notice<K, V>[] = [];
    const existing = this.#slotOf.get(key);
    if (existing !== undefined) {
      if (this.#isExpired(existing)) {
        this.#remove(existing, 'expire', notices);
      } else {
        const old = this.#valueAt[existing] as V;
        this.#valueAt[existing] = value;
        this.#expiresAt[existing] = this.#expiryFor(ttl);
        this.#moveToFront(existing);
        if (!Object.is(old, value)) this.#notice(notices, this.#keyAt[existing] as K, old, 'set');
        this.#deliver(notices);
        return;
      }
    }
    if (this.#slotOf.size >= this.#capacity && this.#tail !== NIL) {
      const victim = this.#tail;
      this.#remove(victim, this.#isExpired(victim) ? 'expire' : 'evict', notices);
    }
    const slot = this.#allocate();
    const stored = normalizeKey(key);
    this.#keyAt[slot] = stored;
    this.#valueAt[slot] = value;
    this.#expiresAt[slot] = this.#expiryFor(ttl);
    this.#slotOf.set(stored, slot);
    this.#linkFront(slot);
    this.#deliver(notices);
  }

  /** Level 2. Whether a live entry exists for `key`. Does not change recency. */
  has(key: K): boolean {
    return this.#liveSlot(key) !== undefined;
  }

  /** Level 2. The value for `key` without changing recency; `undefined` when absent (or expired). */
  peek(key: K): V | undefined {
    const slot = this.#liveSlot(key);
    return slot === undefined ? undefined : (this.#valueAt[slot] as V);
  }

  /** Level 2. Removes `key`; `true` if a live entry was removed. */
  delete(key: K): boolean {
    this.#beginOperation();
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return false;
    const notices: Notice<K, V>[] = [];
    const expired = this.#isExpired(slot);
    this.#remove(slot, expired ? 'expire' : 'delete', notices);
    this.#deliver(notices);
    return !expired;
  }

  /** Level 2. Removes every entry. */
  clear(): void {
    const notices: Notice<K, V>[] = [];
    if (this.#onEvict !== undefined) {
      for (let slot = this.#head; slot !== NIL; slot = this.#nextOf(slot)) {
        notices.push([this.#keyAt[slot] as K, this.#valueAt[slot] as V, 'delete']);
      }
    }
    this.#slotOf.clear();
    this.#keyAt = [];
    this.#valueAt = [];
    this.#free.length = 0;
    this.#used = 0;
    this.#head = NIL;
    this.#tail = NIL;
    this.#deliver(notices);
  }

  /** Level 2. How many entries the cache holds (level 3: expired entries count until they are removed). */
  get size(): number {
    return this.#slotOf.size;
  }

  /** Level 2. Live `[key, value]` pairs from most to least recently used, without changing recency. */
  *entries(): IterableIterator<[K, V]> {
    for (const slot of this.#liveSlots()) yield [this.#keyAt[slot] as K, this.#valueAt[slot] as V];
  }

  /** Level 2. Live keys from most to least recently used. */
  *keys(): IterableIterator<K> {
    for (const slot of this.#liveSlots()) yield this.#keyAt[slot] as K;
  }

  /** Level 2. Live values from most to least recently used. */
  *values(): IterableIterator<V> {
    for (const slot of this.#liveSlots()) yield this.#valueAt[slot] as V;
  }

  /** Level 2. Same as `entries()`. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Level 3. Removes every expired entry now; returns how many were removed. */
  purgeExpired(): number {
    this.#beginOperation();
    const notices: Notice<K, V>[] = [];
    let removed = 0;
    let slot = this.#tail;
    while (slot !== NIL) {
      const towardsHead = this.#prevOf(slot);
      if (this.#isExpired(slot)) {
        this.#remove(slot, 'expire', notices);
        removed++;
      }
      slot = towardsHead;
    }
    this.#deliver(notices);
    return removed;
  }

  /** Level 4. Counters since the cache was created. */
  stats(): CacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      expirations: this.#expirations,
    };
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #nextOf(slot: number): number {
    return this.#next[slot] ?? NIL;
  }

  #prevOf(slot: number): number {
    return this.#prev[slot] ?? NIL;
  }

  #beginOperation(): void {
    this.#opTimeRead = false;
  }

  #time(): number {
    if (!this.#opTimeRead) {
      const clock = this.#clock;
      this.#opTime = clock();
      this.#opTimeRead = true;
    }
    return this.#opTime;
  }

  #expiryFor(ttl: number): number {
    return ttl === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : this.#time() + ttl;
  }

  /** Expired from the instant `t + d` on; entries without a finite TTL never read the clock. */
  #isExpired(slot: number): boolean {
    const expiry = this.#expiresAt[slot] ?? Number.POSITIVE_INFINITY;
    if (expiry === Number.POSITIVE_INFINITY) return false;
    return !(this.#time() < expiry);
  }

  /** The slot of a live entry for `key`, removing the entry if it has expired. Never changes recency. */
  #liveSlot(key: K): number | undefined {
    this.#beginOperation();
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return undefined;
    if (!this.#isExpired(slot)) return slot;
    const notices: Notice<K, V>[] = [];
    this.#remove(slot, 'expire', notices);
    this.#deliver(notices);
    return undefined;
  }

  /** Live slots from most to least recently used; one clock reading per iteration, taken lazily. */
  *#liveSlots(): Generator<number, void, undefined> {
    let now: number | undefined;
    for (let slot = this.#head; slot !== NIL; slot = this.#nextOf(slot)) {
      const expiry = this.#expiresAt[slot] ?? Number.POSITIVE_INFINITY;
      if (expiry !== Number.POSITIVE_INFINITY) {
        if (now === undefined) {
          const clock = this.#clock;
          now = clock();
        }
        if (!(now < expiry)) continue;
      }
      yield slot;
    }
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const slot = this.#used++;
    if (slot >= this.#next.length) this.#grow();
    return slot;
  }

  #grow(): void {
    const length = Math.min(this.#capacity, Math.max(INITIAL_SLOTS, this.#next.length * 2));
    const expiresAt = new Float64Array(length);
    expiresAt.set(this.#expiresAt);
    const prev = new Int32Array(length);
    prev.set(this.#prev);
    const next = new Int32Array(length);
    next.set(this.#next);
    this.#expiresAt = expiresAt;
    this.#prev = prev;
    this.#next = next;
  }

  #linkFront(slot: number): void {
    this.#prev[slot] = NIL;
    this.#next[slot] = this.#head;
    if (this.#head === NIL) this.#tail = slot;
    else this.#prev[this.#head] = slot;
    this.#head = slot;
  }

  #unlink(slot: number): void {
    const before = this.#prevOf(slot);
    const after = this.#nextOf(slot);
    if (before === NIL) this.#head = after;
    else this.#next[before] = after;
    if (after === NIL) this.#tail = before;
    else this.#prev[after] = before;
  }

  #moveToFront(slot: number): void {
    if (slot === this.#head) return;
    this.#unlink(slot);
    this.#linkFront(slot);
  }

  #remove(slot: number, reason: EvictionReason, notices: Notice<K, V>[]): void {
    const key = this.#keyAt[slot] as K;
    const value = this.#valueAt[slot] as V;
    this.#slotOf.delete(key);
    this.#unlink(slot);
    this.#keyAt[slot] = undefined;
    this.#valueAt[slot] = undefined;
    this.#free.push(slot);
    if (reason === 'evict') this.#evictions++;
    else if (reason === 'expire') this.#expirations++;
    this.#notice(notices, key, value, reason);
  }

  #notice(notices: Notice<K, V>[], key: K, value: V, reason: EvictionReason): void {
    if (this.#onEvict !== undefined) notices.push([key, value, reason]);
  }

  /** Calls the listener for every notice; the first error (if any) is rethrown once all have been delivered. */
  #deliver(notices: Notice<K, V>[]): void {
    const listener = this.#onEvict;
    if (listener === undefined || notices.length === 0) return;
    let failed = false;
    let firstError: unknown;
    for (const [key, value, reason] of notices) {
      try {
        listener(key, value, reason);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
    if (failed) throw firstError;
  }
}
