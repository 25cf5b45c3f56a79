/**
 * Cache factory — reference solution.
 *
 * Strategy + factory: one cache class (`PolicyCache`) owns the storage, expiry and loading; *which* key leaves a
 * full cache is decided by a strategy object, an `EvictionPolicy`, that the cache only talks to through five
 * notifications (`onInsert`, `onAccess`, `onUpdate`, `onRemove`) and one question (`victim`). A new policy is a
 * new object, never an edit of the cache (open/closed). The three built-in policies are O(1) per call:
 *
 * - LRU: a doubly linked list in recency order (LeetCode 146).
 * - FIFO: the same list in insertion order; reads and updates do not move a key.
 * - LFU: frequency buckets in a doubly linked list, each holding its keys in recency order — Shah, Mitra and
 *   Matani, "An O(1) algorithm for implementing the LFU cache eviction scheme" (2010). Ties go to the least
 *   recently used key of the lowest frequency (LeetCode 460).
 *
 * `getOrLoad` is single flight: one in-flight load per key, shared by every caller that misses meanwhile (the
 * shape of Caffeine's per-key futures and Go's `singleflight`). A `put`, `delete` or `clear` detaches the flight,
 * so a stale load never overwrites newer data.
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

// ---------------------------------------------------------------------------------------------------------------
// Built-in policies

interface ListNode<K> {
  key: K;
  prev: ListNode<K>;
  next: ListNode<K>;
}

/** A circular doubly linked list with a sentinel: `head.next` is the front, `head.prev` the back. */
function emptyList<K>(): ListNode<K> {
  const head = { prev: undefined, next: undefined } as unknown as ListNode<K>;
  head.prev = head;
  head.next = head;
  return head;
}

function unlink<K>(node: ListNode<K>): void {
  node.prev.next = node.next;
  node.next.prev = node.prev;
}

function pushFront<K>(head: ListNode<K>, node: ListNode<K>): void {
  node.prev = head;
  node.next = head.next;
  head.next.prev = node;
  head.next = node;
}

/** A key → node map over one list; LRU and FIFO differ only in whether a read or update moves the key. */
class ListTracker<K> implements PolicyTracker<K> {
  readonly #nodes = new Map<K, ListNode<K>>();
  readonly #head = emptyList<K>();
  readonly #moveOnUse: boolean;

  constructor(moveOnUse: boolean) {
    this.#moveOnUse = moveOnUse;
  }

  onInsert(key: K): void {
    const node = { key } as ListNode<K>;
    pushFront(this.#head, node);
    this.#nodes.set(key, node);
  }

  onAccess(key: K): void {
    if (this.#moveOnUse) this.#toFront(key);
  }

  onUpdate(key: K): void {
    if (this.#moveOnUse) this.#toFront(key);
  }

  onRemove(key: K): void {
    const node = this.#nodes.get(key);
    if (node === undefined) return;
    unlink(node);
    this.#nodes.delete(key);
  }

  victim(): K {
    return this.#head.prev.key;
  }

  #toFront(key: K): void {
    const node = this.#nodes.get(key);
    if (node === undefined) return;
    unlink(node);
    pushFront(this.#head, node);
  }
}

interface Bucket<K> {
  readonly frequency: number;
  /** Keys of this frequency, most recently used at the front. */
  readonly keys: ListNode<K>;
  prev: Bucket<K>;
  next: Bucket<K>;
}

interface LfuNode<K> extends ListNode<K> {
  bucket: Bucket<K>;
}

/** O(1) LFU: buckets ordered by frequency, so the lowest is always `#head.next` without a scan. */
class LfuTracker<K> implements PolicyTracker<K> {
  readonly #nodes = new Map<K, LfuNode<K>>();
  /** Sentinel bucket (frequency 0): `#head.next` has the lowest frequency held. */
  readonly #head: Bucket<K>;

  constructor() {
    const head = { frequency: 0, keys: emptyList<K>() } as Bucket<K>;
    head.prev = head;
    head.next = head;
    this.#head = head;
  }

  onInsert(key: K): void {
    const bucket = this.#bucketAfter(this.#head, 1);
    const node = { key, bucket } as LfuNode<K>;
    pushFront(bucket.keys, node);
    this.#nodes.set(key, node);
  }

  onAccess(key: K): void {
    this.#promote(key);
  }

  onUpdate(key: K): void {
    this.#promote(key);
  }

  onRemove(key: K): void {
    const node = this.#nodes.get(key);
    if (node === undefined) return;
    this.#detach(node);
    this.#nodes.delete(key);
  }

  victim(): K {
    return this.#head.next.keys.prev.key;
  }

  /** Moves the key to the bucket one frequency up, at the front (most recently used among its peers). */
  #promote(key: K): void {
    const node = this.#nodes.get(key);
    if (node === undefined) return;
    const from = node.bucket;
    const to = this.#bucketAfter(from, from.frequency + 1);
    this.#detach(node);
    node.bucket = to;
    pushFront(to.keys, node);
  }

  /** The bucket of `frequency` right after `bucket`, created when missing. */
  #bucketAfter(bucket: Bucket<K>, frequency: number): Bucket<K> {
    if (bucket.next.frequency === frequency) return bucket.next;
    const created: Bucket<K> = { frequency, keys: emptyList<K>(), prev: bucket, next: bucket.next };
    bucket.next.prev = created;
    bucket.next = created;
    return created;
  }

  #detach(node: LfuNode<K>): void {
    unlink(node);
    const bucket = node.bucket;
    if (bucket.keys.next === bucket.keys) {
      bucket.prev.next = bucket.next;
      bucket.next.prev = bucket.prev;
    }
  }
}

/** Level 1. The built-in policies; any other object implementing `EvictionPolicy` plugs in the same way. */
export const EvictionPolicy: {
  readonly LRU: EvictionPolicy;
  readonly LFU: EvictionPolicy;
  readonly FIFO: EvictionPolicy;
} = Object.freeze({
  LRU: Object.freeze({ name: 'LRU', createTracker: <K>() => new ListTracker<K>(true) }),
  LFU: Object.freeze({ name: 'LFU', createTracker: <K>() => new LfuTracker<K>() }),
  FIFO: Object.freeze({ name: 'FIFO', createTracker: <K>() => new ListTracker<K>(false) }),
});

// ---------------------------------------------------------------------------------------------------------------
// The cache

interface Entry<V> {
  value: V;
  /** Absolute expiry; `Infinity` for entries that never expire (no clock read needed). */
  expiresAt: Milliseconds;
}

interface Flight<V> {
  /** Settles with the load's outcome; every waiter follows it. Never left unhandled. */
  readonly promise: Promise<V>;
  readonly controller: AbortController;
  /** Waiters that can still leave (those with a signal) and have not; `Infinity` once one without a signal joins. */
  waiters: number;
  settled: boolean;
  /** Fails the flight (timeout, or every waiter gone); no effect once settled. */
  fail(error: unknown): void;
}

class PolicyCache<K, V> implements Cache<K, V> {
  readonly #capacity: number;
  readonly #policyName: string;
  readonly #tracker: PolicyTracker<K>;
  readonly #defaultTtl: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #loadTimeout: Milliseconds;
  readonly #entries = new Map<K, Entry<V>>();
  /** Loads in flight, one per key. A put/delete/clear removes the key's flight: its result is then stale. */
  readonly #flights = new Map<K, Flight<V>>();
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;
  #loads = 0;
  #loadFailures = 0;

  constructor(policy: EvictionPolicy, options: CacheOptions) {
    this.#capacity = checkCapacity(options.capacity);
    this.#defaultTtl =
      options.defaultTtl === undefined ? Number.POSITIVE_INFINITY : checkTtl('defaultTtl', options.defaultTtl);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#loadTimeout =
      options.loadTimeout === undefined ? Number.POSITIVE_INFINITY : checkTtl('loadTimeout', options.loadTimeout);
    this.#policyName = String(policy.name);
    this.#tracker = policy.createTracker<K>();
  }

  get capacity(): number {
    return this.#capacity;
  }

  get policy(): string {
    return this.#policyName;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#live(key);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#tracker.onAccess(key);
    return entry.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl('ttl', options.ttl);
    this.#flights.delete(key);
    this.#store(key, value, ttl);
  }

  has(key: K): boolean {
    return this.#live(key) !== undefined;
  }

  peek(key: K): V | undefined {
    return this.#live(key)?.value;
  }

  delete(key: K): boolean {
    this.#flights.delete(key);
    const entry = this.#live(key);
    if (entry === undefined) return false;
    this.#remove(key);
    return true;
  }

  clear(): void {
    this.#flights.clear();
    for (const key of this.#entries.keys()) this.#tracker.onRemove(key);
    this.#entries.clear();
  }

  purgeExpired(): number {
    let removed = 0;
    // O(n), which is why it is explicit rather than hidden in `put`; one clock read for the whole sweep.
    let now: Milliseconds | undefined;
    for (const [key, entry] of [...this.#entries]) {
      if (entry.expiresAt === Number.POSITIVE_INFINITY) continue;
      now ??= this.#now();
      if (entry.expiresAt <= now) {
        this.#remove(key);
        this.#expirations++;
        removed++;
      }
    }
    return removed;
  }

  getOrLoad(key: K, loader: Loader<K, V>, options: GetOrLoadOptions = {}): Promise<V> {
    // Never throws: every failure, bad arguments included, is a rejected promise.
    try {
      checkFunction('loader', loader);
      const signal = options.signal === undefined ? undefined : checkSignal(options.signal);
      if (signal?.aborted) return Promise.reject(signal.reason);
      const entry = this.#live(key);
      if (entry !== undefined) {
        this.#hits++;
        this.#tracker.onAccess(key);
        return Promise.resolve(entry.value);
      }
      this.#misses++;
      const flight = this.#flights.get(key) ?? this.#startLoad(key, loader);
      return this.#wait(flight, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  stats(): CacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      expirations: this.#expirations,
      loads: this.#loads,
      loadFailures: this.#loadFailures,
    };
  }

  /** The entry for `key` if it is live; an expired entry is removed on the way. */
  #live(key: K): Entry<V> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || !this.#isExpired(entry)) return entry;
    this.#remove(key);
    this.#expirations++;
    return undefined;
  }

  #isExpired(entry: Entry<V>): boolean {
    return entry.expiresAt !== Number.POSITIVE_INFINITY && entry.expiresAt <= this.#now();
  }

  #store(key: K, value: V, ttl: Milliseconds): void {
    // Entries that never expire cost no clock read.
    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;
    const existing = this.#live(key);
    if (existing !== undefined) {
      existing.value = value;
      existing.expiresAt = expiresAt;
      this.#tracker.onUpdate(key);
      return;
    }
    if (this.#entries.size >= this.#capacity) this.#evict();
    this.#entries.set(key, { value, expiresAt });
    this.#tracker.onInsert(key);
  }

  /** Removes the policy's victim, expired or not: finding expired entries first would need a scan or an index. */
  #evict(): void {
    const victim = this.#tracker.victim();
    const entry = this.#entries.get(victim);
    if (entry === undefined) {
      throw new PolicyError(`Policy \`${this.#policyName}\` chose a key the cache does not hold: ${describe(victim)}`);
    }
    if (this.#isExpired(entry)) this.#expirations++;
    else this.#evictions++;
    this.#remove(victim);
  }

  #remove(key: K): void {
    this.#entries.delete(key);
    this.#tracker.onRemove(key);
  }

  #startLoad(key: K, loader: Loader<K, V>): Flight<V> {
    const controller = new AbortController();
    let resolve!: (value: V) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<V>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {}); // Handled by each waiter; an abandoned flight has none.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (ok: boolean, outcome: unknown): void => {
      if (flight.settled) return;
      flight.settled = true;
      if (timer !== undefined) clearTimeout(timer);
      // Only the key's current flight may store: a put/delete/clear since the start made this result stale.
      const current = this.#flights.get(key) === flight;
      if (current) this.#flights.delete(key);
      if (ok) {
        if (current) this.#store(key, outcome as V, this.#defaultTtl);
        resolve(outcome as V);
      } else {
        this.#loadFailures++;
        reject(outcome);
      }
    };
    const flight: Flight<V> = {
      promise,
      controller,
      waiters: 0,
      settled: false,
      fail: (error) => {
        if (flight.settled) return;
        controller.abort(error);
        settle(false, error);
      },
    };
    this.#flights.set(key, flight);
    this.#loads++;
    if (this.#loadTimeout !== Number.POSITIVE_INFINITY) {
      const timeout = this.#loadTimeout;
      timer = setTimeout(() => flight.fail(new LoadTimeoutError(timeout)), timeout);
    }
    let pending: PromiseLike<V> | V;
    try {
      pending = loader(key, { signal: controller.signal });
    } catch (error) {
      pending = Promise.reject(error);
    }
    Promise.resolve(pending).then(
      (value) => settle(true, value),
      (error) => settle(false, error),
    );
    return flight;
  }

  /**
   * One caller's view of a flight. Without a signal the caller can never leave, so the flight can no longer be
   * abandoned. With one, aborting rejects this caller only; the last of them to leave aborts the load.
   */
  #wait(flight: Flight<V>, signal: AbortSignal | undefined): Promise<V> {
    if (signal === undefined) {
      flight.waiters = Number.POSITIVE_INFINITY;
      return flight.promise.then((value) => value);
    }
    flight.waiters++;
    return new Promise<V>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason);
        flight.waiters--;
        if (flight.waiters === 0) flight.fail(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** Level 1. Builds caches; the policy is any `EvictionPolicy`, built-in or your own. */
export const CacheFactory = Object.freeze({
  create<K, V>(policy: EvictionPolicy, options: CacheOptions): Cache<K, V> {
    checkPolicy(policy);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object with a \`capacity\`, got ${describe(options)}`);
    }
    return new PolicyCache<K, V>(policy, options);
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Validation

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkCapacity(capacity: unknown): number {
  if (typeof capacity !== 'number') {
    throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  return capacity;
}

function checkTtl(name: string, ttl: unknown): Milliseconds {
  const expected = `Expected \`${name}\` to be a positive number of milliseconds or Infinity, got ${describe(ttl)}`;
  if (typeof ttl !== 'number') throw new TypeError(expected);
  if (!(ttl > 0)) throw new RangeError(expected);
  return ttl;
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}

function checkSignal(signal: unknown): AbortSignal {
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
  }
  return signal;
}

function checkPolicy(policy: unknown): void {
  const ok =
    typeof policy === 'object' &&
    policy !== null &&
    typeof (policy as { createTracker?: unknown }).createTracker === 'function' &&
    typeof (policy as { name?: unknown }).name === 'string';
  if (!ok) {
    throw new TypeError(
      `Expected \`policy\` to be an EvictionPolicy (a \`name\` and a \`createTracker\` function), got ${describe(policy)}`,
    );
  }
}
