/**
 * FIFO cache — independent implementation written from katas/fifo/README.md only.
 *
 * Layout: an array used as a queue of entry records in insertion order, with a moving start index, and a `Map`
 * from key to record. Removal from the middle (`delete`, expiry) is lazy: the record is marked dead and skipped
 * when it reaches the start. The array is compacted when the skipped prefix or the dead records outnumber the
 * live ones, so every record is copied O(1) times on average: O(1) amortised per operation, and memory stays
 * proportional to the entries held. No linked list, unlike the reference.
 */

export type Milliseconds = number;

export type EvictionReason = 'evict' | 'expire' | 'delete' | 'set';

export interface FIFOCacheOptions<K, V> {
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

interface Slot<K, V> {
  readonly key: K;
  value: V;
  until: number;
  dead: boolean;
}

const NEVER = Number.POSITIVE_INFINITY;

function render(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${text}\` (${value === null ? 'null' : typeof value})`;
}

function ttlOf(value: unknown): number {
  const message = `Expected \`ttl\` to be a positive number of milliseconds or Infinity, got ${render(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (!(value > 0)) throw new RangeError(message);
  return value;
}

export class FIFOCache<K, V> implements Iterable<[K, V]> {
  readonly #limit: number;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #onEvict?: (key: K, value: V, reason: EvictionReason) => void;
  readonly #byKey = new Map<K, Slot<K, V>>();
  #queue: Slot<K, V>[] = [];
  #start = 0;
  #dead = 0;
  #outbox: [K, V, EvictionReason][] = [];
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  constructor(capacity: number, options: FIFOCacheOptions<K, V> = {}) {
    const message = `Expected \`capacity\` to be a positive integer, got ${render(capacity)}`;
    if (typeof capacity !== 'number') throw new TypeError(message);
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(message);
    this.#limit = capacity;
    this.#ttl = options.ttl === undefined ? NEVER : ttlOf(options.ttl);
    for (const name of ['now', 'onEvict'] as const) {
      const value: unknown = options[name];
      if (value !== undefined && typeof value !== 'function') {
        throw new TypeError(`Expected \`${name}\` to be a function, got ${render(value)}`);
      }
    }
    this.#now = options.now ?? Date.now;
    if (options.onEvict) this.#onEvict = options.onEvict;
  }

  get capacity(): number {
    return this.#limit;
  }

  get size(): number {
    return this.#byKey.size;
  }

  get(key: K): V | undefined {
    const slot = this.#lookup(key);
    if (slot) this.#hits++;
    else this.#misses++;
    this.#notify();
    return slot?.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : ttlOf(options.ttl);
    const until = ttl === NEVER ? NEVER : this.#now() + ttl;
    const slot = this.#lookup(key);
    if (slot) {
      const before = slot.value;
      slot.value = value;
      slot.until = until;
      if (!Object.is(before, value)) this.#outbox.push([key, before, 'set']);
    } else {
      if (this.#byKey.size >= this.#limit) {
        const oldest = this.#oldest();
        if (oldest) this.#kill(oldest, this.#expired(oldest) ? 'expire' : 'evict');
      }
      const fresh: Slot<K, V> = { key, value, until, dead: false };
      this.#queue.push(fresh);
      this.#byKey.set(key, fresh);
    }
    this.#notify();
  }

  has(key: K): boolean {
    const found = this.#lookup(key) !== undefined;
    this.#notify();
    return found;
  }

  peek(key: K): V | undefined {
    const slot = this.#lookup(key);
    this.#notify();
    return slot?.value;
  }

  delete(key: K): boolean {
    const slot = this.#lookup(key);
    if (slot) this.#kill(slot, 'delete');
    this.#notify();
    return slot !== undefined;
  }

  clear(): void {
    if (this.#onEvict) for (const slot of this.#byKey.values()) this.#outbox.push([slot.key, slot.value, 'delete']);
    this.#byKey.clear();
    this.#queue = [];
    this.#start = 0;
    this.#dead = 0;
    this.#notify();
  }

  *entries(): IterableIterator<[K, V]> {
    for (let i = this.#queue.length - 1; i >= this.#start; i--) {
      const slot = this.#queue[i] as Slot<K, V>;
      if (!slot.dead && !this.#expired(slot)) yield [slot.key, slot.value];
    }
  }

  *keys(): IterableIterator<K> {
    for (const entry of this.entries()) yield entry[0];
  }

  *values(): IterableIterator<V> {
    for (const entry of this.entries()) yield entry[1];
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  purgeExpired(): number {
    let count = 0;
    for (const slot of [...this.#byKey.values()]) {
      if (this.#expired(slot)) {
        this.#kill(slot, 'expire');
        count++;
      }
    }
    this.#notify();
    return count;
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, expirations: this.#expirations };
  }

  #expired(slot: Slot<K, V>): boolean {
    return slot.until !== NEVER && this.#now() >= slot.until;
  }

  #lookup(key: K): Slot<K, V> | undefined {
    const slot = this.#byKey.get(key);
    if (slot === undefined) return undefined;
    if (this.#expired(slot)) {
      this.#kill(slot, 'expire');
      return undefined;
    }
    return slot;
  }

  /** The oldest live record, dropping the dead ones in front of it. */
  #oldest(): Slot<K, V> | undefined {
    while (this.#start < this.#queue.length) {
      const slot = this.#queue[this.#start] as Slot<K, V>;
      if (!slot.dead) return slot;
      this.#start++;
      this.#dead--;
    }
    return undefined;
  }

  #kill(slot: Slot<K, V>, reason: EvictionReason): void {
    slot.dead = true;
    this.#dead++;
    this.#byKey.delete(slot.key);
    if (reason === 'evict') this.#evictions++;
    else if (reason === 'expire') this.#expirations++;
    if (this.#onEvict) this.#outbox.push([slot.key, slot.value, reason]);
    this.#compactIfWasteful();
  }

  /** Rebuilds the queue once the records it no longer needs outnumber the live ones (amortised O(1)). */
  #compactIfWasteful(): void {
    const wasted = this.#start + this.#dead;
    if (wasted < 32 || wasted < this.#byKey.size) return;
    const live: Slot<K, V>[] = [];
    for (let i = this.#start; i < this.#queue.length; i++) {
      const slot = this.#queue[i] as Slot<K, V>;
      if (!slot.dead) live.push(slot);
    }
    this.#queue = live;
    this.#start = 0;
    this.#dead = 0;
  }

  #notify(): void {
    if (this.#outbox.length === 0) return;
    const batch = this.#outbox;
    this.#outbox = [];
    const listener = this.#onEvict;
    if (!listener) return;
    let thrown = false;
    let first: unknown;
    for (const [key, value, reason] of batch) {
      try {
        listener(key, value, reason);
      } catch (error) {
        if (!thrown) {
          thrown = true;
          first = error;
        }
      }
    }
    if (thrown) throw first;
  }
}
