/**
 * Priority queue — reference solution.
 *
 * A binary min-heap in an array (Williams 1964; CLRS chapter 6): the item that comes first sits at index 0, and
 * the children of index i sit at 2i + 1 and 2i + 2. `push` appends and sifts up, `pop` moves the last item to the
 * root and sifts down: O(log n) each, no scanning.
 *
 * A heap alone is not stable. Each entry carries the sequence number of its push, and ties of the comparator are
 * broken by it (lower sequence first), which makes the order among equal priorities first in, first out without
 * calling the comparator again.
 *
 * Handles are the heap entries themselves; each knows its index, so `remove` and `updatePriority` find it in O(1)
 * and repair the heap in O(log n). An entry that left the heap is marked with index -1, so a stale handle is
 * recognised in O(1).
 *
 * `from` builds the heap bottom-up (Floyd 1964): sift down every internal node, last first. The sift distances sum
 * to at most n, and each sift level costs two comparisons, so building takes at most about 2n comparator calls,
 * against n log n for n pushes.
 */

/** Negative when `a` comes out before `b`, positive when after, 0 when they tie (then the earlier push wins). */
export type Comparator<T> = (a: T, b: T) => number;

declare const handleBrand: unique symbol;

/** Level 2. Identifies one pushed item while it is in its queue; opaque. */
export interface Handle<T> {
  readonly [handleBrand]: T;
}

interface Entry<T> {
  value: T;
  readonly seq: number;
  /** Position in the heap array; -1 once the entry has left the queue. */
  index: number;
}

/** Smaller first: numbers, strings and bigints by `<`. */
function ascending<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class PriorityQueue<T> {
  readonly #compare: Comparator<T>;
  readonly #heap: Entry<T>[] = [];
  /** The next push's sequence number; ties go to the lower one. */
  #seq = 0;

  constructor(comparator?: Comparator<T>) {
    this.#compare = comparator === undefined ? ascending : checkComparator(comparator);
  }

  /** Level 3. A queue holding `items`, built bottom-up in O(n); ties keep the iteration order. */
  static from<T>(items: Iterable<T>, comparator?: Comparator<T>): PriorityQueue<T> {
    const queue = new PriorityQueue<T>(comparator);
    queue.#build(checkIterable(items));
    return queue;
  }

  get size(): number {
    return this.#heap.length;
  }

  push(value: T): Handle<T> {
    const entry: Entry<T> = { value, seq: this.#seq++, index: this.#heap.length };
    this.#heap.push(entry);
    this.#siftUp(entry.index);
    return entry as unknown as Handle<T>;
  }

  peek(): T | undefined {
    return this.#heap[0]?.value;
  }

  pop(): T | undefined {
    const top = this.#heap[0];
    if (top === undefined) return undefined;
    this.#removeAt(0);
    return top.value;
  }

  /** Level 2. Removes the handle's item; `false` when it is no longer in this queue. */
  remove(handle: Handle<T>): boolean {
    const entry = this.#entryOf(handle);
    if (entry === undefined) return false;
    this.#removeAt(entry.index);
    return true;
  }

  /** Level 2. Replaces the handle's item by `value` and moves it to its new place; keeps its sequence number. */
  updatePriority(handle: Handle<T>, value: T): boolean {
    const entry = this.#entryOf(handle);
    if (entry === undefined) return false;
    entry.value = value;
    // Only one direction can apply; trying both keeps the code free of a comparison of old and new values.
    this.#siftUp(entry.index);
    this.#siftDown(entry.index);
    return true;
  }

  /**
   * Not part of the kata's contract: a read-only copy of the heap array, for `npm run trace priority-queue`
   * (scripts/trace/), which prints it as an array and as a tree. Index i's children are at 2i + 1 and 2i + 2;
   * `seq` is the push number that breaks ties. Keyed by a registered symbol, so it never clashes with the API.
   */
  [Symbol.for('lld-katas.inspect')](): { readonly heap: ReadonlyArray<{ readonly value: T; readonly seq: number }> } {
    return { heap: this.#heap.map(({ value, seq }) => ({ value, seq })) };
  }

  #entryOf(handle: Handle<T>): Entry<T> | undefined {
    if (typeof handle !== 'object' || handle === null) {
      throw new TypeError(`Expected \`handle\` to be a handle returned by push, got ${describe(handle)}`);
    }
    const entry = handle as unknown as Entry<T>;
    // A handle of another queue, or one whose item left, is not at its index in this heap.
    return this.#heap[entry.index] === entry ? entry : undefined;
  }

  #build(items: Iterable<T>): void {
    const heap = this.#heap;
    for (const value of items) heap.push({ value, seq: this.#seq++, index: heap.length });
    for (let i = (heap.length >>> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  /** Removes the entry at `index`: the last entry takes its place and moves up or down to where it belongs. */
  #removeAt(index: number): void {
    const heap = this.#heap;
    const removed = heap[index] as Entry<T>;
    const last = heap.pop() as Entry<T>;
    removed.index = -1;
    if (last === removed) return;
    heap[index] = last;
    last.index = index;
    this.#siftUp(index);
    this.#siftDown(last.index);
  }

  /** Whether `a` comes out before `b`: the comparator first, then the push order. */
  #before(a: Entry<T>, b: Entry<T>): boolean {
    const order = this.#compare(a.value, b.value);
    // `!(order > 0)` also treats a NaN from a faulty comparator as a tie rather than as an order.
    return order < 0 || (!(order > 0) && a.seq < b.seq);
  }

  #siftUp(start: number): void {
    const heap = this.#heap;
    const entry = heap[start] as Entry<T>;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >>> 1;
      const parent = heap[parentIndex] as Entry<T>;
      if (!this.#before(entry, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.index = index;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const length = heap.length;
    const entry = heap[start] as Entry<T>;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.#before(heap[right] as Entry<T>, heap[left] as Entry<T>)) child = right;
      const first = heap[child] as Entry<T>;
      if (!this.#before(first, entry)) break;
      heap[index] = first;
      first.index = index;
      index = child;
    }
    heap[index] = entry;
    entry.index = index;
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkComparator<T>(comparator: Comparator<T>): Comparator<T> {
  if (typeof comparator !== 'function') {
    throw new TypeError(`Expected \`comparator\` to be a function, got ${describe(comparator)}`);
  }
  return comparator;
}

function checkIterable<T>(items: Iterable<T>): Iterable<T> {
  if (items === null || items === undefined || typeof (items as Partial<Iterable<T>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Expected \`items\` to be iterable, got ${describe(items)}`);
  }
  return items;
}
