/**
 * A buggy variant written as a whole file (see specs/fifo/buggy.ts): a FIFO cache that is just a `Map`. Its
 * iteration order is insertion order and `set` on an existing key keeps the position, so eviction takes
 * `keys().next()`, the oldest key.
 *
 * Every rule of the contract holds, which is what makes it a trap: it looks O(1) and passes every example test.
 * But V8 leaves a deleted slot at the front of the Map's table for each eviction, and `keys().next()` walks past
 * all of them until the table is rebuilt, so a busy full cache pays O(n) per eviction. Only the growth check can
 * kill it.
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

interface Entry<V> {
  value: V;
  expiresAt: Milliseconds;
}

const forever = Number.POSITIVE_INFINITY;

function described(value: unknown): string {
  return `\`${typeof value === 'string' ? `'${value}'` : String(value)}\` (${value === null ? 'null' : typeof value})`;
}

function positiveTtl(ttl: unknown): Milliseconds {
  if (typeof ttl !== 'number') throw new TypeError(`Expected \`ttl\` to be a number, got ${described(ttl)}`);
  if (!(ttl > 0)) throw new RangeError(`Expected \`ttl\` to be positive or Infinity, got ${described(ttl)}`);
  return ttl;
}

function aFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function')
    throw new TypeError(`Expected \`${name}\` to be a function, got ${described(value)}`);
  return value;
}

export class FIFOCache<K, V> implements Iterable<[K, V]> {
  readonly #capacity: number;
  readonly #ttl: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  /** Oldest insertion first: `set` on an existing key keeps its position. */
  readonly #map = new Map<K, Entry<V>>();
  #pending: Array<[K, V, EvictionReason]> = [];
  #stats = { hits: 0, misses: 0, evictions: 0, expirations: 0 };

  constructor(capacity: number, options: FIFOCacheOptions<K, V> = {}) {
    if (typeof capacity !== 'number') {
      throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${described(capacity)}`);
    }
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`Expected \`capacity\` to be a positive integer, got ${described(capacity)}`);
    }
    this.#capacity = capacity;
    this.#ttl = options.ttl === undefined ? forever : positiveTtl(options.ttl);
    this.#now = options.now === undefined ? Date.now : aFunction('now', options.now);
    this.#onEvict = options.onEvict === undefined ? undefined : aFunction('onEvict', options.onEvict);
  }

  get capacity(): number {
    return this.#capacity;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const entry = this.#live(key);
    if (entry === undefined) this.#stats.misses++;
    else {
      this.#stats.hits++;
    }
    this.#deliver();
    return entry?.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#ttl : positiveTtl(options.ttl);
    const expiresAt = ttl === forever ? forever : this.#now() + ttl;
    const entry = this.#live(key);
    if (entry !== undefined) {
      if (!Object.is(entry.value, value)) this.#pending.push([key, entry.value, 'set']);
    } else if (this.#map.size >= this.#capacity) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) {
        const stale = this.#map.get(oldest.value);
        if (stale !== undefined) this.#remove(oldest.value, stale, this.#expired(stale) ? 'expire' : 'evict');
      }
    }
    this.#map.set(key, { value, expiresAt });
    this.#deliver();
  }

  has(key: K): boolean {
    const found = this.#live(key) !== undefined;
    this.#deliver();
    return found;
  }

  peek(key: K): V | undefined {
    const entry = this.#live(key);
    this.#deliver();
    return entry?.value;
  }

  delete(key: K): boolean {
    const entry = this.#live(key);
    if (entry !== undefined) this.#remove(key, entry, 'delete');
    this.#deliver();
    return entry !== undefined;
  }

  clear(): void {
    const all = [...this.#map];
    this.#map.clear();
    for (const [key, entry] of all) this.#pending.push([key, entry.value, 'delete']);
    this.#deliver();
  }

  entries(): IterableIterator<[K, V]> {
    const live = [...this.#map].filter(([, entry]) => !this.#expired(entry)).reverse();
    return live.map(([key, entry]): [K, V] => [key, entry.value])[Symbol.iterator]();
  }

  keys(): IterableIterator<K> {
    return [...this.entries()].map(([key]) => key)[Symbol.iterator]();
  }

  values(): IterableIterator<V> {
    return [...this.entries()].map(([, value]) => value)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  purgeExpired(): number {
    const stale = [...this.#map].filter(([, entry]) => this.#expired(entry));
    for (const [key, entry] of stale) this.#remove(key, entry, 'expire');
    this.#deliver();
    return stale.length;
  }

  stats(): CacheStats {
    return { ...this.#stats };
  }

  #expired(entry: Entry<V>): boolean {
    return entry.expiresAt !== forever && entry.expiresAt <= this.#now();
  }

  #live(key: K): Entry<V> | undefined {
    const entry = this.#map.get(key);
    if (entry === undefined || !this.#expired(entry)) return entry;
    this.#remove(key, entry, 'expire');
    return undefined;
  }

  #remove(key: K, entry: Entry<V>, reason: EvictionReason): void {
    this.#map.delete(key);
    if (reason === 'evict') this.#stats.evictions++;
    if (reason === 'expire') this.#stats.expirations++;
    this.#pending.push([key, entry.value, reason]);
  }

  #deliver(): void {
    const pending = this.#pending;
    this.#pending = [];
    const onEvict = this.#onEvict;
    if (onEvict === undefined) return;
    let first: { error: unknown } | undefined;
    for (const [key, value, reason] of pending) {
      try {
        onEvict(key, value, reason);
      } catch (error) {
        first ??= { error };
      }
    }
    if (first !== undefined) throw first.error;
  }
}
