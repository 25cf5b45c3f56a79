/**
 * Cache factory — independent implementation written from katas/cache-factory/README.md only.
 *
 * Different on purpose from the reference, to show the spec tests the contract and not one design:
 * - LRU and FIFO keep their order in numbered slots (parallel arrays of keys and links, a free stack), not nodes.
 * - LFU is an indexed binary min-heap ordered by (uses, last use): O(log n) per call instead of O(1) buckets.
 * - A load in flight is a record with a `stale` flag that put/delete/clear raise; waiters race the shared promise
 *   against their own abort promise, and the record keeps a set of the waiters that can still leave.
 */

export type Milliseconds = number;

export interface PolicyTracker<K> {
  onInsert(key: K): void;
  onAccess(key: K): void;
  onUpdate(key: K): void;
  onRemove(key: K): void;
  victim(): K;
}

export interface EvictionPolicy {
  readonly name: string;
  createTracker<K>(): PolicyTracker<K>;
}

export class CacheError extends Error {
  override name = 'CacheError';
}

export class PolicyError extends CacheError {
  override name = 'PolicyError';
}

export class LoadTimeoutError extends CacheError {
  override name = 'LoadTimeoutError';
  readonly timeout: Milliseconds;

  constructor(timeout: Milliseconds) {
    super(`Load timed out after ${timeout} ms`);
    this.timeout = timeout;
  }
}

export interface CacheOptions {
  readonly capacity: number;
  readonly defaultTtl?: Milliseconds;
  readonly now?: () => Milliseconds;
  readonly loadTimeout?: Milliseconds;
}

export interface PutOptions {
  readonly ttl?: Milliseconds;
}

export interface LoadContext {
  readonly signal: AbortSignal;
}

export type Loader<K, V> = (key: K, context: LoadContext) => V | PromiseLike<V>;

export interface GetOrLoadOptions {
  readonly signal?: AbortSignal;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly expirations: number;
  readonly loads: number;
  readonly loadFailures: number;
}

export interface Cache<K, V> {
  readonly capacity: number;
  readonly policy: string;
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

const NONE = -1;

/** Keys in numbered slots linked both ways; `first` is the eviction end. */
class SlotOrder<K> implements PolicyTracker<K> {
  readonly #slotOf = new Map<K, number>();
  readonly #keys: (K | undefined)[] = [];
  readonly #prev: number[] = [];
  readonly #next: number[] = [];
  readonly #free: number[] = [];
  #first = NONE;
  #last = NONE;
  readonly #refreshOnUse: boolean;

  constructor(refreshOnUse: boolean) {
    this.#refreshOnUse = refreshOnUse;
  }

  onInsert(key: K): void {
    const slot = this.#free.pop() ?? this.#keys.length;
    this.#keys[slot] = key;
    this.#slotOf.set(key, slot);
    this.#append(slot);
  }

  onAccess(key: K): void {
    this.#use(key);
  }

  onUpdate(key: K): void {
    this.#use(key);
  }

  onRemove(key: K): void {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return;
    this.#slotOf.delete(key);
    this.#cut(slot);
    this.#keys[slot] = undefined;
    this.#free.push(slot);
  }

  victim(): K {
    return this.#keys[this.#first] as K;
  }

  #use(key: K): void {
    if (!this.#refreshOnUse) return;
    const slot = this.#slotOf.get(key);
    if (slot === undefined || slot === this.#last) return;
    this.#cut(slot);
    this.#append(slot);
  }

  #append(slot: number): void {
    this.#prev[slot] = this.#last;
    this.#next[slot] = NONE;
    if (this.#last === NONE) this.#first = slot;
    else this.#next[this.#last] = slot;
    this.#last = slot;
  }

  #cut(slot: number): void {
    const before = this.#prev[slot] ?? NONE;
    const after = this.#next[slot] ?? NONE;
    if (before === NONE) this.#first = after;
    else this.#next[before] = after;
    if (after === NONE) this.#last = before;
    else this.#prev[after] = before;
  }
}

interface HeapItem<K> {
  readonly key: K;
  uses: number;
  stamp: number;
  at: number;
}

/** LFU as a min-heap on (uses, stamp): the root is the least used, and among those the least recently used. */
class UseHeap<K> implements PolicyTracker<K> {
  readonly #heap: HeapItem<K>[] = [];
  readonly #items = new Map<K, HeapItem<K>>();
  #clock = 0;

  onInsert(key: K): void {
    const item = { key, uses: 1, stamp: ++this.#clock, at: this.#heap.length };
    this.#heap.push(item);
    this.#items.set(key, item);
    this.#up(item.at);
  }

  onAccess(key: K): void {
    this.#bump(key);
  }

  onUpdate(key: K): void {
    this.#bump(key);
  }

  onRemove(key: K): void {
    const item = this.#items.get(key);
    if (item === undefined) return;
    this.#items.delete(key);
    const last = this.#heap.pop() as HeapItem<K>;
    if (last === item) return;
    last.at = item.at;
    this.#heap[item.at] = last;
    this.#up(last.at);
    this.#down(last.at);
  }

  victim(): K {
    return (this.#heap[0] as HeapItem<K>).key;
  }

  #bump(key: K): void {
    const item = this.#items.get(key);
    if (item === undefined) return;
    item.uses++;
    item.stamp = ++this.#clock;
    this.#down(item.at); // only ever grows
  }

  #less(a: HeapItem<K>, b: HeapItem<K>): boolean {
    return a.uses < b.uses || (a.uses === b.uses && a.stamp < b.stamp);
  }

  #swap(i: number, j: number): void {
    const a = this.#heap[i] as HeapItem<K>;
    const b = this.#heap[j] as HeapItem<K>;
    this.#heap[i] = b;
    this.#heap[j] = a;
    b.at = i;
    a.at = j;
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(this.#heap[i] as HeapItem<K>, this.#heap[parent] as HeapItem<K>)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#heap.length;
    for (;;) {
      let smallest = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < n && this.#less(this.#heap[child] as HeapItem<K>, this.#heap[smallest] as HeapItem<K>)) {
          smallest = child;
        }
      }
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}

export const EvictionPolicy: {
  readonly LRU: EvictionPolicy;
  readonly LFU: EvictionPolicy;
  readonly FIFO: EvictionPolicy;
} = {
  LRU: { name: 'LRU', createTracker: <K>() => new SlotOrder<K>(true) },
  LFU: { name: 'LFU', createTracker: <K>() => new UseHeap<K>() },
  FIFO: { name: 'FIFO', createTracker: <K>() => new SlotOrder<K>(false) },
};

function shown(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${text}\` (${value === null ? 'null' : typeof value})`;
}

function positiveMs(name: string, value: unknown): number {
  const message = `Expected \`${name}\` to be a positive number of milliseconds or Infinity, got ${shown(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (Number.isNaN(value) || value <= 0) throw new RangeError(message);
  return value;
}

interface Stored<V> {
  value: V;
  deadline: number;
}

interface Load<V> {
  readonly shared: Promise<V>;
  readonly abort: AbortController;
  stale: boolean;
  done: boolean;
  pinned: boolean;
  readonly leavers: Set<object>;
  cancel(reason: unknown): void;
}

class Implementation<K, V> implements Cache<K, V> {
  readonly capacity: number;
  readonly policy: string;
  readonly #tracker: PolicyTracker<K>;
  readonly #store = new Map<K, Stored<V>>();
  readonly #loads = new Map<K, Load<V>>();
  readonly #ttl: number;
  readonly #clock: () => number;
  readonly #timeout: number;
  readonly #counts = { hits: 0, misses: 0, evictions: 0, expirations: 0, loads: 0, loadFailures: 0 };

  constructor(policy: EvictionPolicy, options: CacheOptions) {
    const { capacity, defaultTtl, now, loadTimeout } = options;
    if (typeof capacity !== 'number') {
      throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${shown(capacity)}`);
    }
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new RangeError(`Expected \`capacity\` to be a positive integer, got ${shown(capacity)}`);
    }
    this.capacity = capacity;
    this.#ttl = defaultTtl === undefined ? Number.POSITIVE_INFINITY : positiveMs('defaultTtl', defaultTtl);
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError(`Expected \`now\` to be a function, got ${shown(now)}`);
    }
    this.#clock = now ?? Date.now;
    this.#timeout = loadTimeout === undefined ? Number.POSITIVE_INFINITY : positiveMs('loadTimeout', loadTimeout);
    this.policy = policy.name;
    this.#tracker = policy.createTracker<K>();
  }

  get size(): number {
    return this.#store.size;
  }

  get(key: K): V | undefined {
    const found = this.#find(key);
    if (found === undefined) {
      this.#counts.misses++;
      return undefined;
    }
    this.#counts.hits++;
    this.#tracker.onAccess(key);
    return found.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : positiveMs('ttl', options.ttl);
    this.#invalidate(key);
    this.#write(key, value, ttl);
  }

  has(key: K): boolean {
    return this.#find(key) !== undefined;
  }

  peek(key: K): V | undefined {
    return this.#find(key)?.value;
  }

  delete(key: K): boolean {
    this.#invalidate(key);
    if (this.#find(key) === undefined) return false;
    this.#drop(key);
    return true;
  }

  clear(): void {
    for (const load of this.#loads.values()) load.stale = true;
    this.#loads.clear();
    const keys = [...this.#store.keys()];
    this.#store.clear();
    for (const key of keys) this.#tracker.onRemove(key);
  }

  purgeExpired(): number {
    const expired: K[] = [];
    let now: number | undefined;
    for (const [key, stored] of this.#store) {
      if (stored.deadline === Number.POSITIVE_INFINITY) continue;
      now ??= this.#clock();
      if (now >= stored.deadline) expired.push(key);
    }
    for (const key of expired) this.#drop(key);
    this.#counts.expirations += expired.length;
    return expired.length;
  }

  async getOrLoad(key: K, loader: Loader<K, V>, options: GetOrLoadOptions = {}): Promise<V> {
    if (typeof loader !== 'function') throw new TypeError(`Expected \`loader\` to be a function, got ${shown(loader)}`);
    const { signal } = options;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${shown(signal)}`);
    }
    if (signal?.aborted) throw signal.reason;
    const found = this.#find(key);
    if (found !== undefined) {
      this.#counts.hits++;
      this.#tracker.onAccess(key);
      return found.value;
    }
    this.#counts.misses++;
    let load = this.#loads.get(key);
    if (load === undefined) {
      load = this.#begin(key, loader);
      this.#loads.set(key, load);
    }
    if (signal === undefined) {
      load.pinned = true;
      return load.shared;
    }
    const token = {};
    const current = load;
    current.leavers.add(token);
    let onAbort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        current.leavers.delete(token);
        reject(signal.reason);
        if (!current.pinned && current.leavers.size === 0) current.cancel(signal.reason);
      };
      signal.addEventListener('abort', onAbort);
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([current.shared, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      current.leavers.delete(token);
    }
  }

  stats(): CacheStats {
    return { ...this.#counts };
  }

  #begin(key: K, loader: Loader<K, V>): Load<V> {
    this.#counts.loads++;
    const abort = new AbortController();
    let finish: (ok: boolean, result: unknown) => void = () => {};
    const shared = new Promise<V>((resolve, reject) => {
      finish = (ok, result) => {
        if (load.done) return;
        load.done = true;
        clearTimeout(timer);
        if (this.#loads.get(key) === load) this.#loads.delete(key);
        if (ok) {
          if (!load.stale) this.#write(key, result as V, this.#ttl);
          resolve(result as V);
        } else {
          this.#counts.loadFailures++;
          reject(result);
        }
      };
    });
    shared.catch(() => {});
    const load: Load<V> = {
      shared,
      abort,
      stale: false,
      done: false,
      pinned: false,
      leavers: new Set(),
      cancel: (reason) => {
        if (load.done) return;
        abort.abort(reason);
        finish(false, reason);
      },
    };
    const timer =
      this.#timeout === Number.POSITIVE_INFINITY
        ? undefined
        : setTimeout(() => load.cancel(new LoadTimeoutError(this.#timeout)), this.#timeout);
    new Promise<V>((resolve) => resolve(loader(key, { signal: abort.signal }))).then(
      (value) => finish(true, value),
      (error) => finish(false, error),
    );
    return load;
  }

  #invalidate(key: K): void {
    const load = this.#loads.get(key);
    if (load === undefined) return;
    load.stale = true;
    this.#loads.delete(key);
  }

  #find(key: K): Stored<V> | undefined {
    const stored = this.#store.get(key);
    if (stored === undefined) return undefined;
    if (stored.deadline !== Number.POSITIVE_INFINITY && this.#clock() >= stored.deadline) {
      this.#drop(key);
      this.#counts.expirations++;
      return undefined;
    }
    return stored;
  }

  #drop(key: K): void {
    this.#store.delete(key);
    this.#tracker.onRemove(key);
  }

  #write(key: K, value: V, ttl: number): void {
    const deadline = ttl === Number.POSITIVE_INFINITY ? ttl : this.#clock() + ttl;
    const stored = this.#find(key);
    if (stored !== undefined) {
      stored.value = value;
      stored.deadline = deadline;
      this.#tracker.onUpdate(key);
      return;
    }
    if (this.#store.size === this.capacity) {
      const out = this.#tracker.victim();
      const victim = this.#store.get(out);
      if (victim === undefined) {
        throw new PolicyError(`Policy \`${this.policy}\` chose a key the cache does not hold: ${shown(out)}`);
      }
      const expired = victim.deadline !== Number.POSITIVE_INFINITY && this.#clock() >= victim.deadline;
      if (expired) this.#counts.expirations++;
      else this.#counts.evictions++;
      this.#drop(out);
    }
    this.#store.set(key, { value, deadline });
    this.#tracker.onInsert(key);
  }
}

export const CacheFactory = {
  create<K, V>(policy: EvictionPolicy, options: CacheOptions): Cache<K, V> {
    if (
      policy === null ||
      typeof policy !== 'object' ||
      typeof policy.createTracker !== 'function' ||
      typeof policy.name !== 'string'
    ) {
      throw new TypeError(`Expected \`policy\` to be an EvictionPolicy, got ${shown(policy)}`);
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`Expected \`options\` to be an object, got ${shown(options)}`);
    }
    return new Implementation<K, V>(policy, options);
  },
};
