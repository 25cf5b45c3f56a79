/**
 * FIFO cache — reference solution.
 *
 * A hash map from key to node plus a circular doubly linked list of nodes in insertion order. Unlike LRU, nothing
 * but an insertion moves a node: a hit or an update leaves it where it is, so the oldest insertion is always at
 * the back and eviction unlinks it in O(1). The list is doubly linked because `delete` and expiry remove nodes
 * from the middle.
 *
 * Why not a bare `Map`? Its iteration order is insertion order and `set` on an existing key keeps the position,
 * so `map.keys().next()` looks like a free FIFO queue. But V8 leaves a deleted slot at the front of the Map's
 * table on every eviction, and `keys().next()` walks past all of them until the table is rebuilt: O(n) per
 * eviction on a busy cache. The growth check in the spec catches it.
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

interface Node<K, V> {
  key: K;
  value: V;
  /** Absolute expiry time; `Infinity` for entries that never expire (no clock read needed). */
  expiresAt: Milliseconds;
  prev: Node<K, V>;
  next: Node<K, V>;
}

type Notice<K, V> = readonly [K, V, EvictionReason];

export class FIFOCache<K, V> implements Iterable<[K, V]> {
  readonly #capacity: number;
  readonly #defaultTtl: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  readonly #nodes = new Map<K, Node<K, V>>();
  /** Sentinel of the circular list: `#head.next` is the newest insertion, `#head.prev` the oldest (next victim). */
  readonly #head: Node<K, V>;
  /** Listener calls waiting for the current operation to finish; allocated only when there is a listener. */
  #notices: Notice<K, V>[] = [];
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  constructor(capacity: number, options: FIFOCacheOptions<K, V> = {}) {
    this.#capacity = checkCapacity(capacity);
    this.#defaultTtl = options.ttl === undefined ? Number.POSITIVE_INFINITY : checkTtl(options.ttl);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#onEvict = options.onEvict === undefined ? undefined : checkFunction('onEvict', options.onEvict);
    const head = { prev: undefined, next: undefined } as unknown as Node<K, V>;
    head.prev = head;
    head.next = head;
    this.#head = head;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get size(): number {
    return this.#nodes.size;
  }

  get(key: K): V | undefined {
    const node = this.#live(key);
    if (node === undefined) {
      this.#misses++;
      this.#flush();
      return undefined;
    }
    this.#hits++;
    // No reordering: a hit does not save a key from eviction (that would be LRU).
    return node.value;
  }

  put(key: K, value: V, options: PutOptions = {}): void {
    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);
    // Entries that never expire cost no clock read.
    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;
    const existing = this.#live(key);
    if (existing !== undefined) {
      const old = existing.value;
      existing.value = value;
      existing.expiresAt = expiresAt;
      // An update keeps the key's place in the queue: its insertion time is when it was first put.
      if (!Object.is(old, value)) this.#notice(key, old, 'set');
    } else {
      if (this.#nodes.size >= this.#capacity) this.#evictOldest();
      const head = this.#head;
      const node: Node<K, V> = { key, value, expiresAt, prev: head, next: head.next };
      head.next.prev = node;
      head.next = node;
      this.#nodes.set(key, node);
    }
    this.#flush();
  }

  has(key: K): boolean {
    const found = this.#live(key) !== undefined;
    this.#flush();
    return found;
  }

  peek(key: K): V | undefined {
    const node = this.#live(key);
    this.#flush();
    return node?.value;
  }

  delete(key: K): boolean {
    const node = this.#live(key);
    if (node !== undefined) this.#remove(node, 'delete');
    this.#flush();
    return node !== undefined;
  }

  clear(): void {
    const removed = this.#onEvict === undefined ? [] : [...this.#nodesFromFront()];
    this.#nodes.clear();
    this.#head.next = this.#head;
    this.#head.prev = this.#head;
    for (const node of removed) this.#notice(node.key, node.value, 'delete');
    this.#flush();
  }

  *entries(): IterableIterator<[K, V]> {
    for (const node of this.#liveNodesFromFront()) yield [node.key, node.value];
  }

  *keys(): IterableIterator<K> {
    for (const node of this.#liveNodesFromFront()) yield node.key;
  }

  *values(): IterableIterator<V> {
    for (const node of this.#liveNodesFromFront()) yield node.value;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  purgeExpired(): number {
    let removed = 0;
    // O(n), which is why it is explicit rather than hidden in `put`. One clock read for the whole sweep, and
    // none at all when no entry can expire.
    let now: Milliseconds | undefined;
    for (const node of [...this.#nodesFromFront()]) {
      if (node.expiresAt === Number.POSITIVE_INFINITY) continue;
      now ??= this.#now();
      if (node.expiresAt <= now) {
        this.#remove(node, 'expire');
        removed++;
      }
    }
    this.#flush();
    return removed;
  }

  stats(): CacheStats {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, expirations: this.#expirations };
  }

  /** The node for `key` if it is live; an expired node is removed on the way (reason `expire`). */
  #live(key: K): Node<K, V> | undefined {
    const node = this.#nodes.get(key);
    if (node === undefined || !this.#isExpired(node)) return node;
    this.#remove(node, 'expire');
    return undefined;
  }

  #isExpired(node: Node<K, V>): boolean {
    return node.expiresAt !== Number.POSITIVE_INFINITY && node.expiresAt <= this.#now();
  }

  /**
   * Makes room by removing the oldest insertion, expired or not. Looking for an expired entry elsewhere
   * would need a second index ordered by expiry (a heap: O(log n) per put); `purgeExpired()` reclaims them instead.
   */
  #evictOldest(): void {
    const oldest = this.#head.prev;
    this.#remove(oldest, this.#isExpired(oldest) ? 'expire' : 'evict');
  }

  #remove(node: Node<K, V>, reason: EvictionReason): void {
    node.prev.next = node.next;
    node.next.prev = node.prev;
    this.#nodes.delete(node.key);
    if (reason === 'evict') this.#evictions++;
    else if (reason === 'expire') this.#expirations++;
    this.#notice(node.key, node.value, reason);
  }

  *#nodesFromFront(): IterableIterator<Node<K, V>> {
    for (let node = this.#head.next; node !== this.#head; node = node.next) yield node;
  }

  *#liveNodesFromFront(): IterableIterator<Node<K, V>> {
    for (const node of this.#nodesFromFront()) if (!this.#isExpired(node)) yield node;
  }

  #notice(key: K, value: V, reason: EvictionReason): void {
    if (this.#onEvict !== undefined) this.#notices.push([key, value, reason]);
  }

  /**
   * Delivers the listener calls of the operation that just finished. The cache is consistent by now, so a
   * listener may call back into it; every call is made, and the first error is rethrown afterwards.
   */
  #flush(): void {
    const onEvict = this.#onEvict;
    if (onEvict === undefined || this.#notices.length === 0) return;
    const notices = this.#notices;
    this.#notices = [];
    let failure: { error: unknown } | undefined;
    for (const [key, value, reason] of notices) {
      try {
        onEvict(key, value, reason);
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

function checkCapacity(capacity: unknown): number {
  if (typeof capacity !== 'number') {
    throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  return capacity;
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

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
