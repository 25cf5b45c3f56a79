/**
 * TTL cache — reference solution.
 *
 * A `Map` from key to entry, plus an indexed binary min-heap of the entries that can expire, ordered by
 * (expiresAt, seq). Each entry knows its slot in the heap, so an update or a removal re-positions it in O(log n)
 * instead of leaving a stale record behind. The heap's top is always the next entry to die: a sweep pops expired
 * entries off the top and stops at the first live one, so its cost depends on what it removes, never on how many
 * live entries there are. Entries that never expire stay out of the heap and cost no clock read.
 *
 * Redis does the same job by sampling keys with a TTL; a heap makes the order exact, which is what a spec can test.
 */

export type Milliseconds = number;

export interface TTLCacheOptions<K, V> {
  readonly ttl?: Milliseconds;
  readonly now?: () => Milliseconds;
  readonly sweepBatch?: number;
  readonly onExpire?: (key: K, value: V) => void;
}

export interface SetOptions {
  readonly ttl?: Milliseconds;
}

interface Entry<K, V> {
  readonly key: K;
  value: V;
  /** Absolute expiry time; `Infinity` for entries that never expire (they are not in the heap). */
  expiresAt: Milliseconds;
  /** When it was last set, as a counter: breaks ties between equal expiry times (set earlier, swept earlier). */
  seq: number;
  /** Index in the heap, or -1 when not in it. */
  slot: number;
}

const never = Number.POSITIVE_INFINITY;

export class TTLCache<K, V> implements Iterable<[K, V]> {
  readonly #defaultTtl: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #sweepBatch: number;
  readonly #onExpire: ((key: K, value: V) => void) | undefined;
  readonly #entries = new Map<K, Entry<K, V>>();
  readonly #heap: Entry<K, V>[] = [];
  #seq = 0;
  /** Listener calls waiting for the current operation to finish. */
  #expired: Entry<K, V>[] = [];

  constructor(options: TTLCacheOptions<K, V> = {}) {
    this.#defaultTtl = options.ttl === undefined ? never : checkTtl(options.ttl);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#sweepBatch = options.sweepBatch === undefined ? 8 : checkSweepBatch(options.sweepBatch);
    this.#onExpire = options.onExpire === undefined ? undefined : checkFunction('onExpire', options.onExpire);
  }

  get size(): number {
    return this.#entries.size;
  }

  set(key: K, value: V, options: SetOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);
    const existing = this.#live(key);
    this.#sweep(this.#sweepBatch);
    // Entries that never expire cost no clock read.
    const expiresAt = ttl === never ? never : this.#now() + ttl;
    const seq = this.#seq++;
    if (existing !== undefined) {
      existing.value = value;
      existing.seq = seq;
      this.#reschedule(existing, expiresAt);
    } else {
      const entry: Entry<K, V> = { key, value, expiresAt: never, seq, slot: -1 };
      this.#entries.set(key, entry);
      this.#reschedule(entry, expiresAt);
    }
    this.#flush();
  }

  get(key: K): V | undefined {
    const entry = this.#live(key);
    this.#flush();
    return entry?.value;
  }

  has(key: K): boolean {
    const found = this.#live(key) !== undefined;
    this.#flush();
    return found;
  }

  delete(key: K): boolean {
    const entry = this.#live(key);
    if (entry !== undefined) this.#remove(entry);
    this.#flush();
    return entry !== undefined;
  }

  remainingTtl(key: K): Milliseconds | undefined {
    const entry = this.#live(key);
    this.#flush();
    if (entry === undefined) return undefined;
    return entry.expiresAt === never ? never : entry.expiresAt - this.#now();
  }

  clear(): void {
    this.#entries.clear();
    for (const entry of this.#heap) entry.slot = -1;
    this.#heap.length = 0;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const entry of this.#entries.values()) if (!this.#isExpired(entry)) yield [entry.key, entry.value];
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  sweep(limit: number = this.#sweepBatch): number {
    const removed = this.#sweep(checkLimit(limit));
    this.#flush();
    return removed;
  }

  /** Pops up to `limit` expired entries off the heap's top: O(removed × log n), one clock read at most. */
  #sweep(limit: number): number {
    const heap = this.#heap;
    if (heap.length === 0 || limit === 0) return 0;
    const now = this.#now();
    let removed = 0;
    while (removed < limit) {
      const top = heap[0];
      if (top === undefined || top.expiresAt > now) break;
      this.#expire(top);
      removed++;
    }
    return removed;
  }

  /** The entry for `key` if it is live; an expired one is removed on the way. */
  #live(key: K): Entry<K, V> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || !this.#isExpired(entry)) return entry;
    this.#expire(entry);
    return undefined;
  }

  #isExpired(entry: Entry<K, V>): boolean {
    return entry.expiresAt !== never && entry.expiresAt <= this.#now();
  }

  #expire(entry: Entry<K, V>): void {
    this.#remove(entry);
    if (this.#onExpire !== undefined) this.#expired.push(entry);
  }

  #remove(entry: Entry<K, V>): void {
    this.#entries.delete(entry.key);
    this.#reschedule(entry, never);
  }

  /** Sets the entry's expiry and moves it into, within, or out of the heap (entries that never expire stay out). */
  #reschedule(entry: Entry<K, V>, expiresAt: Milliseconds): void {
    entry.expiresAt = expiresAt;
    const heap = this.#heap;
    if (entry.slot === -1) {
      if (expiresAt === never) return;
      heap.push(entry);
      this.#siftUp(heap.length - 1);
    } else if (expiresAt === never) {
      const slot = entry.slot;
      const last = heap.pop() as Entry<K, V>;
      entry.slot = -1;
      if (last === entry) return;
      heap[slot] = last;
      // The last entry, moved into the hole, may belong above or below it.
      this.#siftDown(this.#siftUp(slot));
    } else {
      this.#siftDown(this.#siftUp(entry.slot));
    }
  }

  #before(a: Entry<K, V>, b: Entry<K, V>): boolean {
    return a.expiresAt < b.expiresAt || (a.expiresAt === b.expiresAt && a.seq < b.seq);
  }

  #siftUp(slot: number): number {
    const heap = this.#heap;
    const entry = heap[slot] as Entry<K, V>;
    let index = slot;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry<K, V>;
      if (!this.#before(entry, parent)) break;
      heap[index] = parent;
      parent.slot = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.slot = index;
    return index;
  }

  #siftDown(slot: number): void {
    const heap = this.#heap;
    if (slot >= heap.length) return;
    const entry = heap[slot] as Entry<K, V>;
    let index = slot;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const leftEntry = heap[left] as Entry<K, V>;
      const rightEntry = heap[right];
      const child = rightEntry !== undefined && this.#before(rightEntry, leftEntry) ? right : left;
      const childEntry = heap[child] as Entry<K, V>;
      if (!this.#before(childEntry, entry)) break;
      heap[index] = childEntry;
      childEntry.slot = index;
      index = child;
    }
    heap[index] = entry;
    entry.slot = index;
  }

  /**
   * Delivers the expiry notifications of the operation that just finished. The cache is consistent by now, so a
   * listener may call back into it; every call is made, and the first error is rethrown afterwards.
   */
  #flush(): void {
    const onExpire = this.#onExpire;
    if (onExpire === undefined || this.#expired.length === 0) return;
    const expired = this.#expired;
    this.#expired = [];
    let failure: { error: unknown } | undefined;
    for (const entry of expired) {
      try {
        onExpire(entry.key, entry.value);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkTtl(ttl: unknown): Milliseconds {
  if (typeof ttl !== 'number') {
    throw new TypeError(`Expected \`ttl\` to be a positive number of milliseconds or Infinity, got ${describe(ttl)}`);
  }
  if (!(ttl > 0)) {
    throw new RangeError(`Expected \`ttl\` to be a positive number of milliseconds or Infinity, got ${describe(ttl)}`);
  }
  return ttl;
}

function checkSweepBatch(batch: unknown): number {
  if (typeof batch !== 'number') {
    throw new TypeError(`Expected \`sweepBatch\` to be a non-negative integer, got ${describe(batch)}`);
  }
  if (!Number.isSafeInteger(batch) || batch < 0) {
    throw new RangeError(`Expected \`sweepBatch\` to be a non-negative integer, got ${describe(batch)}`);
  }
  return batch;
}

function checkLimit(limit: unknown): number {
  if (typeof limit !== 'number') {
    throw new TypeError(`Expected \`limit\` to be a non-negative integer or Infinity, got ${describe(limit)}`);
  }
  if (!(Number.isSafeInteger(limit) && limit >= 0) && limit !== never) {
    throw new RangeError(`Expected \`limit\` to be a non-negative integer or Infinity, got ${describe(limit)}`);
  }
  return limit;
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
