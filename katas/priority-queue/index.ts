/**
 * Priority queue — your implementation goes here.
 *
 * Read katas/priority-queue/README.md for the contract, level by level. `npm run kata priority-queue` runs the
 * specs on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs
 * import them.
 */

/**
 * Decides the order: negative when `a` comes out before `b`, positive when after, 0 when they tie (then the one
 * pushed first comes out first). The default puts smaller values first (a min-heap).
 */
export type Comparator<T> = (a: T, b: T) => number;

declare const handleBrand: unique symbol;

/**
 * Level 2. What `push` returns: identifies one pushed item while it is in its queue. Opaque: only the queue reads
 * it.
 */
export interface Handle<T> {
  readonly [handleBrand]: T;
}

export class PriorityQueue<T> {
  /**
   * Level 1. An empty queue. `comparator` defaults to smaller first by `<` (numbers, strings, bigints).
   * @throws TypeError when `comparator` is given and is not a function.
   */
  constructor(comparator?: Comparator<T>) {
    void comparator;
    throw new Error('Not implemented: PriorityQueue constructor (katas/priority-queue/index.ts)');
  }

  /**
   * Level 3. A queue holding every item of `items`, built in O(n) (at most about 2n comparator calls); items
   * that tie come out in iteration order. Items added this way have no handle.
   * @throws TypeError when `items` is not iterable or `comparator` is not a function.
   */
  static from<T>(items: Iterable<T>, comparator?: Comparator<T>): PriorityQueue<T> {
    void items;
    void comparator;
    throw new Error('Not implemented: PriorityQueue.from');
  }

  /** Level 1. How many items the queue holds. */
  get size(): number {
    throw new Error('Not implemented: PriorityQueue.size');
  }

  /** Level 1. Adds `value` in O(log n). Level 2: returns a handle for `remove` and `updatePriority`. */
  push(value: T): Handle<T> {
    void value;
    throw new Error('Not implemented: PriorityQueue.push');
  }

  /** Level 1. The item that `pop` would return, without removing it; `undefined` when empty. */
  peek(): T | undefined {
    throw new Error('Not implemented: PriorityQueue.peek');
  }

  /**
   * Level 1. Removes and returns the first item (among ties, the one pushed first) in O(log n); `undefined` when
   * empty.
   */
  pop(): T | undefined {
    throw new Error('Not implemented: PriorityQueue.pop');
  }

  /**
   * Level 2. Removes the handle's item in O(log n). `false` when the handle is stale (its item was popped or
   * removed) or belongs to another queue; `true` otherwise.
   * @throws TypeError when `handle` is not an object.
   */
  remove(handle: Handle<T>): boolean {
    void handle;
    throw new Error('Not implemented: PriorityQueue.remove');
  }

  /**
   * Level 2. Replaces the handle's item by `value` (its new priority) in O(log n). The item keeps its place in
   * line among ties: its push order does not change. `false` (and no change) when the handle is stale or belongs
   * to another queue.
   * @throws TypeError when `handle` is not an object.
   */
  updatePriority(handle: Handle<T>, value: T): boolean {
    void handle;
    void value;
    throw new Error('Not implemented: PriorityQueue.updatePriority');
  }
}
