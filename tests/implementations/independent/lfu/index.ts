/**
 * LFU cache — independent implementation written from katas/lfu/README.md only.
 *
 * Layout: ONE doubly linked list of every entry, sorted by (frequency ascending, last use ascending), so the
 * victim is always the head. A `Map` from frequency to the LAST node of that frequency (the group's most recent
 * node) says where a node goes when it is used:
 *   - a new key goes after the last node of frequency 1, or to the head when there is none;
 *   - a used node of frequency f goes after the last node of frequency f + 1, or else after the last node of
 *     frequency f, or else stays where it is (it was alone in f, and f + 1 is absent).
 * Each step is O(1); there are no per-frequency list objects, unlike the reference's bucket list.
 */

export type Milliseconds = number;

export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface LFUCacheOptions<K, V> {
  readonly ttl?: Milliseconds;
  readonly now?: () => Milliseconds;
  readonly onEvict?: (key: K, value: V, reason: EvictionReason) => void;
}

export interface PutOptions {
  readonly ttl?: Milliseconds;
}

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly expirations: number;
}

class Entry<K, V> {
  prev: Entry<K, V> | null = null;
  next: Entry<K, V> | null = null;
  constructor(
    public key: K,
    public value: V,
    public deadline: number,
    public count: number,
  ) {}
}

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function fail(name: string, expected: string, value: unknown, kind: 'type' | 'range'): never {
  const message = `Expected \`${name}\` to be ${expected}, got \`${shown(value)}\` (${typeName(value)})`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

function validTtl(value: unknown): number {
  const expected = 'a positive number of milliseconds or Infinity';
  if (typeof value !== 'number') fail('ttl', expected, value, 'type');
  if (Number.isNaN(value) || value <= 0) fail('ttl', expected, value, 'range');
  return value;
}

export class LFUCache<K, V> implements Iterable<[K, V]> {
  readonly #max: number;
  readonly #ttl: number;
  readonly #clock: () => number;
  readonly #listener: ((key: K, value: V, reason: EvictionReason) => void) | null;
  readonly #index = new Map<K, Entry<K, V>>();
  /** The last (most recent) entry of each frequency present. */
  readonly #lastOf = new Map<number, Entry<K, V>>();
  #head: Entry<K, V> | null = null;
  #tail: Entry<K, V> | null = null;
  #pending: Array<[K, V, EvictionReason]> = [];
  #counters = { hits: 0, misses: 0, evictions: 0, expirations: 0 };

  constructor(capacity: number, options: LFUCacheOptions<K, V> = {}) {
    if (typeof capacity !== 'number') fail('capacity', 'a positive integer', capacity, 'type');
    if (!Number.isSafeInteger(capacity) || capacity <= 0) fail('capacity', 'a positive integer', capacity, 'range');
    this.#max = capacity;
    const { ttl, now, onEvict } = options;
    this.#ttl = ttl === undefined ? Number.POSITIVE_INFINITY : validTtl(ttl);
    if (now !== undefined && typeof now !== 'function') fail('now', 'a function', now, 'type');
    if (onEvict !== undefined && typeof onEvict !== 'function') fail('onEvict', 'a function', onEvict, 'type');
    this.#clock = now ?? Date.now;
    this.#listener = onEvict ?? null;
  }

  get capacity(): number {
    return this.#max;
  }

  get size(): number {
    return this.#index.size;
  }

  get(key: K): V | undefined {
    const entry = this.#find(key);
    if (entry) {
      this.#counters.hits += 1;
      this.#bump(entry);
    } else {
      this.#counters.misses += 1;
    }
    this.#deliver();
    return entry?.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : validTtl(options.ttl);
    const deadline = Number.isFinite(ttl) ? this.#clock() + ttl : Number.POSITIVE_INFINITY;
    const entry = this.#find(key);
    if (entry) {
      const previous = entry.value;
      entry.value = value;
      entry.deadline = deadline;
      this.#bump(entry);
      if (!Object.is(previous, value)) this.#pending.push([key, previous, 'set']);
    } else {
      if (this.#index.size >= this.#max && this.#head) {
        const victim = this.#head;
        this.#drop(victim, this.#stale(victim) ? 'expire' : 'evict');
      }
      const created = new Entry(key, value, deadline, 1);
      const anchor = this.#lastOf.get(1);
      if (anchor) this.#linkAfter(created, anchor);
      else this.#linkFirst(created);
      this.#lastOf.set(1, created);
      this.#index.set(key, created);
    }
    this.#deliver();
  }

  has(key: K): boolean {
    const result = this.#find(key) !== undefined;
    this.#deliver();
    return result;
  }

  peek(key: K): V | undefined {
    const entry = this.#find(key);
    this.#deliver();
    return entry?.value;
  }

  frequencyOf(key: K): number | undefined {
    const entry = this.#find(key);
    this.#deliver();
    return entry?.count;
  }

  delete(key: K): boolean {
    const entry = this.#find(key);
    if (entry) this.#drop(entry, 'delete');
    this.#deliver();
    return entry !== undefined;
  }

  clear(): void {
    const all: Entry<K, V>[] = [];
    for (let e = this.#head; e; e = e.next) all.push(e);
    this.#index.clear();
    this.#lastOf.clear();
    this.#head = null;
    this.#tail = null;
    if (this.#listener) for (const e of all) this.#pending.push([e.key, e.value, 'delete']);
    this.#deliver();
  }

  *entries(): IterableIterator<[K, V]> {
    for (let e = this.#tail; e; e = e.prev) if (!this.#stale(e)) yield [e.key, e.value];
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

  purgeExpired(): number {
    const stale: Entry<K, V>[] = [];
    for (let e = this.#head; e; e = e.next) if (this.#stale(e)) stale.push(e);
    for (const e of stale) this.#drop(e, 'expire');
    this.#deliver();
    return stale.length;
  }

  stats(): CacheStats {
    return { ...this.#counters };
  }

  #stale(entry: Entry<K, V>): boolean {
    return entry.deadline !== Number.POSITIVE_INFINITY && this.#clock() >= entry.deadline;
  }

  #find(key: K): Entry<K, V> | undefined {
    const entry = this.#index.get(key);
    if (entry && this.#stale(entry)) {
      this.#drop(entry, 'expire');
      return undefined;
    }
    return entry;
  }

  /** Frequency f → f + 1, moving the entry to the end of its new group. */
  #bump(entry: Entry<K, V>): void {
    const from = entry.count;
    const target = this.#lastOf.get(from + 1);
    this.#leaveGroup(entry);
    if (target) {
      this.#unlink(entry);
      this.#linkAfter(entry, target);
    } else {
      const sameGroup = this.#lastOf.get(from);
      if (sameGroup) {
        this.#unlink(entry);
        this.#linkAfter(entry, sameGroup);
      }
      // Otherwise it was alone at `from` and `from + 1` is absent: its position is already right.
    }
    entry.count = from + 1;
    this.#lastOf.set(from + 1, entry);
  }

  /** Updates the group's last pointer before `entry` leaves its frequency. */
  #leaveGroup(entry: Entry<K, V>): void {
    if (this.#lastOf.get(entry.count) !== entry) return;
    const before = entry.prev;
    if (before && before.count === entry.count) this.#lastOf.set(entry.count, before);
    else this.#lastOf.delete(entry.count);
  }

  #drop(entry: Entry<K, V>, reason: EvictionReason): void {
    this.#leaveGroup(entry);
    this.#unlink(entry);
    this.#index.delete(entry.key);
    if (reason === 'evict') this.#counters.evictions += 1;
    if (reason === 'expire') this.#counters.expirations += 1;
    if (this.#listener) this.#pending.push([entry.key, entry.value, reason]);
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.#head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#tail = entry.prev;
    entry.prev = null;
    entry.next = null;
  }

  #linkAfter(entry: Entry<K, V>, anchor: Entry<K, V>): void {
    entry.prev = anchor;
    entry.next = anchor.next;
    if (anchor.next) anchor.next.prev = entry;
    else this.#tail = entry;
    anchor.next = entry;
  }

  #linkFirst(entry: Entry<K, V>): void {
    entry.prev = null;
    entry.next = this.#head;
    if (this.#head) this.#head.prev = entry;
    else this.#tail = entry;
    this.#head = entry;
  }

  #deliver(): void {
    if (!this.#listener || this.#pending.length === 0) {
      this.#pending.length = 0;
      return;
    }
    const batch = this.#pending;
    this.#pending = [];
    const errors: unknown[] = [];
    for (const [key, value, reason] of batch) {
      try {
        this.#listener(key, value, reason);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
