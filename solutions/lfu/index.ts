/**
 * LFU cache — reference solution.
 *
 * The O(1) LFU of Shah, Mitra and Matani ("An O(1) algorithm for implementing the LFU cache eviction scheme",
 * 2010): a hash map from key to node, and a doubly linked list of frequency buckets in increasing frequency,
 * each bucket holding a doubly linked list of the nodes used that many times, least recently used first.
 *
 * - A use moves a node from bucket f to bucket f + 1, which is the next bucket or a new one inserted right after
 *   it: O(1). An emptied bucket is unlinked: O(1).
 * - The victim is the least recently used node of the first bucket: O(1).
 *
 * Why not LeetCode 460's usual `minFrequency` counter with a `Map<frequency, list>`? It is O(1) for get and put,
 * but `delete` and expiry can empty the minimum bucket, and finding the next minimum then means scanning
 * frequencies upwards. The linked list of buckets always knows its first bucket.
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

interface Node<K, V> {
  key: K;
  value: V;
  /** Absolute expiry time; `Infinity` for entries that never expire (no clock read needed). */
  expiresAt: Milliseconds;
  bucket: Bucket<K, V>;
  /** Towards the less recently used end of the bucket (the bucket itself is the sentinel). */
  older: Node<K, V> | Bucket<K, V>;
  /** Towards the more recently used end of the bucket. */
  newer: Node<K, V> | Bucket<K, V>;
}

/**
 * All nodes used exactly `frequency` times, in a circular list whose sentinel is the bucket itself:
 * `bucket.newer` is the least recently used node, `bucket.older` the most recent.
 */
interface Bucket<K, V> {
  readonly frequency: number;
  older: Node<K, V> | Bucket<K, V>;
  newer: Node<K, V> | Bucket<K, V>;
  /** The buckets form a circular list too, sentinel `#buckets`, in increasing frequency. */
  lower: Bucket<K, V>;
  higher: Bucket<K, V>;
}

type Notice<K, V> = readonly [K, V, EvictionReason];

export class LFUCache<K, V> implements Iterable<[K, V]> {
  readonly #capacity: number;
  readonly #defaultTtl: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #onEvict: ((key: K, value: V, reason: EvictionReason) => void) | undefined;
  readonly #nodes = new Map<K, Node<K, V>>();
  /** Sentinel of the bucket list: `#buckets.higher` is the least frequent bucket, `#buckets.lower` the most. */
  readonly #buckets: Bucket<K, V>;
  /** Listener calls waiting for the current operation to finish; filled only when there is a listener. */
  #notices: Notice<K, V>[] = [];
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  constructor(capacity: number, options: LFUCacheOptions<K, V> = {}) {
    this.#capacity = checkCapacity(capacity);
    this.#defaultTtl = options.ttl === undefined ? Number.POSITIVE_INFINITY : checkTtl(options.ttl);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#onEvict = options.onEvict === undefined ? undefined : checkFunction('onEvict', options.onEvict);
    this.#buckets = newBucket<K, V>(0);
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
    this.#use(node);
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
      this.#use(existing);
      if (!Object.is(old, value)) this.#notice(key, old, 'set');
    } else {
      if (this.#nodes.size >= this.#capacity) this.#evictLeastFrequent();
      // A new key has been used once: it joins the bucket of frequency 1, creating it at the front if needed.
      const first = this.#buckets.higher;
      const bucket = first.frequency === 1 ? first : this.#bucketAfter(this.#buckets, 1);
      const node = { key, value, expiresAt, bucket } as Node<K, V>;
      appendNewest(bucket, node);
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

  frequencyOf(key: K): number | undefined {
    const node = this.#live(key);
    this.#flush();
    return node?.bucket.frequency;
  }

  delete(key: K): boolean {
    const node = this.#live(key);
    if (node !== undefined) this.#remove(node, 'delete');
    this.#flush();
    return node !== undefined;
  }

  clear(): void {
    const removed = this.#onEvict === undefined ? [] : [...this.#nodesInOrder()];
    this.#nodes.clear();
    this.#buckets.higher = this.#buckets;
    this.#buckets.lower = this.#buckets;
    for (const node of removed) this.#notice(node.key, node.value, 'delete');
    this.#flush();
  }

  *entries(): IterableIterator<[K, V]> {
    for (const node of this.#liveNodesInOrder()) yield [node.key, node.value];
  }

  *keys(): IterableIterator<K> {
    for (const node of this.#liveNodesInOrder()) yield node.key;
  }

  *values(): IterableIterator<V> {
    for (const node of this.#liveNodesInOrder()) yield node.value;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  purgeExpired(): number {
    let removed = 0;
    // O(n), which is why it is explicit rather than hidden in `put`. One clock read for the whole sweep, and
    // none at all when no entry can expire.
    let now: Milliseconds | undefined;
    for (const node of [...this.#nodesInOrder()]) {
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

  /** One more use: the node moves to the bucket of the next frequency, as its most recently used node. */
  #use(node: Node<K, V>): void {
    const from = node.bucket;
    const frequency = from.frequency + 1;
    const to = from.higher.frequency === frequency ? from.higher : this.#bucketAfter(from, frequency);
    unlinkNode(node);
    if (from.newer === from) unlinkBucket(from);
    node.bucket = to;
    appendNewest(to, node);
  }

  /** A new empty bucket of `frequency`, linked right after `lower` (the sentinel, for the front). */
  #bucketAfter(lower: Bucket<K, V>, frequency: number): Bucket<K, V> {
    const bucket = newBucket<K, V>(frequency);
    bucket.lower = lower;
    bucket.higher = lower.higher;
    lower.higher.lower = bucket;
    lower.higher = bucket;
    return bucket;
  }

  /**
   * Makes room by removing the least recently used node of the least frequent bucket, expired or not. Looking
   * for an expired entry elsewhere would need a second index ordered by expiry; `purgeExpired()` reclaims them.
   */
  #evictLeastFrequent(): void {
    const victim = this.#buckets.higher.newer as Node<K, V>;
    this.#remove(victim, this.#isExpired(victim) ? 'expire' : 'evict');
  }

  #remove(node: Node<K, V>, reason: EvictionReason): void {
    unlinkNode(node);
    if (node.bucket.newer === node.bucket) unlinkBucket(node.bucket);
    this.#nodes.delete(node.key);
    if (reason === 'evict') this.#evictions++;
    else if (reason === 'expire') this.#expirations++;
    this.#notice(node.key, node.value, reason);
  }

  /** Every node, from the last to be evicted to the next: most frequent bucket first, most recent first. */
  *#nodesInOrder(): IterableIterator<Node<K, V>> {
    for (let bucket = this.#buckets.lower; bucket !== this.#buckets; bucket = bucket.lower) {
      for (let node = bucket.older; node !== bucket; node = (node as Node<K, V>).older) yield node as Node<K, V>;
    }
  }

  *#liveNodesInOrder(): IterableIterator<Node<K, V>> {
    for (const node of this.#nodesInOrder()) if (!this.#isExpired(node)) yield node;
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

function newBucket<K, V>(frequency: number): Bucket<K, V> {
  const bucket = { frequency } as Bucket<K, V>;
  bucket.older = bucket;
  bucket.newer = bucket;
  bucket.lower = bucket;
  bucket.higher = bucket;
  return bucket;
}

/** Links `node` at the most recently used end of `bucket`. */
function appendNewest<K, V>(bucket: Bucket<K, V>, node: Node<K, V>): void {
  node.older = bucket.older;
  node.newer = bucket;
  bucket.older.newer = node;
  bucket.older = node;
}

function unlinkNode<K, V>(node: Node<K, V>): void {
  node.older.newer = node.newer;
  node.newer.older = node.older;
}

function unlinkBucket<K, V>(bucket: Bucket<K, V>): void {
  bucket.lower.higher = bucket.higher;
  bucket.higher.lower = bucket.lower;
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
