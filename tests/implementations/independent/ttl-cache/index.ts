/**
 * TTL cache — independent implementation written from katas/ttl-cache/README.md only.
 *
 * Unlike the reference (an indexed heap whose entries know their slot), this one keeps a lazy heap: every `set`
 * with a finite TTL pushes a record (expiresAt, stamp, key) into three parallel arrays, and never updates or removes
 * it. A record is current while the map's entry for its key carries the same stamp; the sweep pops records and
 * throws the stale ones away without counting them. When stale records outnumber current ones, the heap is rebuilt
 * (O(n), paid for by the n updates that made them stale).
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

interface Slot<V> {
  value: V;
  expiresAt: number;
  stamp: number;
}

function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else text = String(value);
  return `\`${text}\` (${value === null ? 'null' : typeof value})`;
}

function ttlOrThrow(value: unknown): number {
  const message = `Expected \`ttl\` to be a positive number of milliseconds or Infinity, got ${show(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (Number.isNaN(value) || value <= 0) throw new RangeError(message);
  return value;
}

function countOrThrow(name: string, value: unknown, infinityAllowed: boolean): number {
  const wanted = infinityAllowed ? 'a non-negative integer or Infinity' : 'a non-negative integer';
  const message = `Expected \`${name}\` to be ${wanted}, got ${show(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (infinityAllowed && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) throw new RangeError(message);
  return value;
}

function functionOrThrow<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${show(value)}`);
  return value;
}

export class TTLCache<K, V> implements Iterable<[K, V]> {
  readonly #ttl: number;
  readonly #clock: () => number;
  readonly #batch: number;
  readonly #listener: ((key: K, value: V) => void) | undefined;
  readonly #map = new Map<K, Slot<V>>();
  // The lazy heap, as parallel arrays ordered by (time, stamp).
  #times: number[] = [];
  #stamps: number[] = [];
  #keys: K[] = [];
  /** Records in the heap that are still current. */
  #current = 0;
  #nextStamp = 1;
  #pending: Array<[K, V]> = [];

  constructor(options: TTLCacheOptions<K, V> = {}) {
    const { ttl, now, sweepBatch, onExpire } = options;
    this.#ttl = ttl === undefined ? Number.POSITIVE_INFINITY : ttlOrThrow(ttl);
    this.#clock = now === undefined ? () => Date.now() : functionOrThrow('now', now);
    this.#batch = sweepBatch === undefined ? 8 : countOrThrow('sweepBatch', sweepBatch, false);
    this.#listener = onExpire === undefined ? undefined : functionOrThrow('onExpire', onExpire);
  }

  get size(): number {
    return this.#map.size;
  }

  set(key: K, value: V, options: SetOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : ttlOrThrow(options.ttl);
    const old = this.#lookup(key);
    this.#collect(this.#batch);
    const stamp = this.#nextStamp++;
    const expiresAt = Number.isFinite(ttl) ? this.#clock() + ttl : Number.POSITIVE_INFINITY;
    if (old !== undefined) {
      if (Number.isFinite(old.expiresAt)) this.#current--; // its record goes stale
      old.value = value;
      old.expiresAt = expiresAt;
      old.stamp = stamp;
    } else {
      this.#map.set(key, { value, expiresAt, stamp });
    }
    if (Number.isFinite(expiresAt)) this.#push(expiresAt, stamp, key);
    this.#deliver();
  }

  get(key: K): V | undefined {
    const slot = this.#lookup(key);
    this.#deliver();
    return slot === undefined ? undefined : slot.value;
  }

  has(key: K): boolean {
    const slot = this.#lookup(key);
    this.#deliver();
    return slot !== undefined;
  }

  delete(key: K): boolean {
    const slot = this.#lookup(key);
    if (slot !== undefined) this.#drop(key, slot);
    this.#deliver();
    return slot !== undefined;
  }

  remainingTtl(key: K): Milliseconds | undefined {
    const slot = this.#lookup(key);
    this.#deliver();
    if (slot === undefined) return undefined;
    if (!Number.isFinite(slot.expiresAt)) return Number.POSITIVE_INFINITY;
    return slot.expiresAt - this.#clock();
  }

  clear(): void {
    this.#map.clear();
    this.#times = [];
    this.#stamps = [];
    this.#keys = [];
    this.#current = 0;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.#map) {
      if (Number.isFinite(slot.expiresAt) && slot.expiresAt <= this.#clock()) continue;
      yield [key, slot.value];
    }
  }

  *keys(): IterableIterator<K> {
    for (const pair of this.entries()) yield pair[0];
  }

  *values(): IterableIterator<V> {
    for (const pair of this.entries()) yield pair[1];
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  sweep(limit?: number): number {
    const max = limit === undefined ? this.#batch : countOrThrow('limit', limit, true);
    const count = this.#collect(max);
    this.#deliver();
    return count;
  }

  #lookup(key: K): Slot<V> | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) return undefined;
    if (Number.isFinite(slot.expiresAt) && slot.expiresAt <= this.#clock()) {
      this.#drop(key, slot);
      if (this.#listener !== undefined) this.#pending.push([key, slot.value]);
      return undefined;
    }
    return slot;
  }

  #drop(key: K, slot: Slot<V>): void {
    this.#map.delete(key);
    if (Number.isFinite(slot.expiresAt)) this.#current--;
    slot.stamp = 0; // any record of it is stale now
  }

  #collect(max: number): number {
    if (max === 0 || this.#times.length === 0) return 0;
    const now = this.#clock();
    let count = 0;
    while (count < max && this.#times.length > 0 && (this.#times[0] as number) <= now) {
      const key = this.#keys[0] as K;
      const stamp = this.#stamps[0] as number;
      this.#popTop();
      const slot = this.#map.get(key);
      if (slot === undefined || slot.stamp !== stamp) continue; // stale record
      this.#drop(key, slot); // counts the popped (current) record out
      if (this.#listener !== undefined) this.#pending.push([key, slot.value]);
      count++;
    }
    return count;
  }

  #less(i: number, j: number): boolean {
    const ti = this.#times[i] as number;
    const tj = this.#times[j] as number;
    return ti < tj || (ti === tj && (this.#stamps[i] as number) < (this.#stamps[j] as number));
  }

  #swap(i: number, j: number): void {
    const time = this.#times[i] as number;
    this.#times[i] = this.#times[j] as number;
    this.#times[j] = time;
    const stamp = this.#stamps[i] as number;
    this.#stamps[i] = this.#stamps[j] as number;
    this.#stamps[j] = stamp;
    const key = this.#keys[i] as K;
    this.#keys[i] = this.#keys[j] as K;
    this.#keys[j] = key;
  }

  #push(time: number, stamp: number, key: K): void {
    if (this.#times.length > 64 && this.#times.length > 2 * (this.#current + 1)) this.#rebuild();
    this.#times.push(time);
    this.#stamps.push(stamp);
    this.#keys.push(key);
    this.#current++;
    let i = this.#times.length - 1;
    while (i > 0) {
      const parent = Math.floor((i - 1) / 2);
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #popTop(): void {
    const last = this.#times.length - 1;
    this.#swap(0, last);
    this.#times.pop();
    this.#stamps.pop();
    this.#keys.pop();
    this.#down(0);
  }

  #down(start: number): void {
    const n = this.#times.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.#less(l, smallest)) smallest = l;
      if (r < n && this.#less(r, smallest)) smallest = r;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  /** Keeps only current records and restores the heap order bottom-up (Floyd, O(n)). */
  #rebuild(): void {
    const times: number[] = [];
    const stamps: number[] = [];
    const keys: K[] = [];
    for (let i = 0; i < this.#times.length; i++) {
      const key = this.#keys[i] as K;
      const slot = this.#map.get(key);
      if (slot !== undefined && slot.stamp === this.#stamps[i]) {
        times.push(this.#times[i] as number);
        stamps.push(this.#stamps[i] as number);
        keys.push(key);
      }
    }
    this.#times = times;
    this.#stamps = stamps;
    this.#keys = keys;
    this.#current = times.length;
    for (let i = Math.floor(times.length / 2) - 1; i >= 0; i--) this.#down(i);
  }

  #deliver(): void {
    const listener = this.#listener;
    if (listener === undefined || this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    const errors: unknown[] = [];
    for (const [key, value] of batch) {
      try {
        listener(key, value);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
