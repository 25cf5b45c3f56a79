/**
 * A buggy variant written as a whole file (see specs/priority-queue/buggy.ts): a priority queue kept as an array
 * sorted from last out to first out. `pop` is `Array.prototype.pop`, O(1); `push` finds its place by binary
 * search (O(log n) comparator calls, like a heap) and inserts it with `splice`, which moves every item after it.
 *
 * Every rule of the contract holds and the comparator call counts look logarithmic: only the growth check can
 * kill it, because the insert moves O(n) items.
 */

export type Comparator<T> = (a: T, b: T) => number;

declare const handleBrand: unique symbol;

export interface Handle<T> {
  readonly [handleBrand]: T;
}

interface Entry<T> {
  value: T;
  readonly seq: number;
  live: boolean;
  owner: unknown;
}

function ascending<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class PriorityQueue<T> {
  readonly #compare: Comparator<T>;
  /** Sorted so that the entry that comes out first is at the end. */
  readonly #sorted: Entry<T>[] = [];
  #seq = 0;

  constructor(comparator?: Comparator<T>) {
    if (comparator !== undefined && typeof comparator !== 'function') {
      throw new TypeError(
        `Expected \`comparator\` to be a function, got \`${String(comparator)}\` (${comparator === null ? 'null' : typeof comparator})`,
      );
    }
    this.#compare = comparator ?? ascending;
  }

  static from<T>(items: Iterable<T>, comparator?: Comparator<T>): PriorityQueue<T> {
    const queue = new PriorityQueue<T>(comparator);
    if (
      items === null ||
      items === undefined ||
      typeof (items as Partial<Iterable<T>>)[Symbol.iterator] !== 'function'
    ) {
      throw new TypeError(
        `Expected \`items\` to be iterable, got \`${String(items)}\` (${items === null ? 'null' : typeof items})`,
      );
    }
    const entries = [...items].map((value) => queue.#entry(value));
    entries.sort((a, b) => (queue.#before(a, b) ? 1 : -1));
    queue.#sorted.push(...entries);
    return queue;
  }

  get size(): number {
    return this.#sorted.length;
  }

  push(value: T): Handle<T> {
    const entry = this.#entry(value);
    this.#insert(entry);
    return entry as unknown as Handle<T>;
  }

  peek(): T | undefined {
    return this.#sorted.at(-1)?.value;
  }

  pop(): T | undefined {
    const entry = this.#sorted.pop();
    if (entry === undefined) return undefined;
    entry.live = false;
    return entry.value;
  }

  remove(handle: Handle<T>): boolean {
    const entry = this.#own(handle);
    if (entry === undefined) return false;
    this.#sorted.splice(this.#sorted.indexOf(entry), 1);
    entry.live = false;
    return true;
  }

  updatePriority(handle: Handle<T>, value: T): boolean {
    const entry = this.#own(handle);
    if (entry === undefined) return false;
    this.#sorted.splice(this.#sorted.indexOf(entry), 1);
    entry.value = value;
    this.#insert(entry);
    return true;
  }

  #entry(value: T): Entry<T> {
    return { value, seq: this.#seq++, live: true, owner: this };
  }

  #own(handle: Handle<T>): Entry<T> | undefined {
    if (typeof handle !== 'object' || handle === null) {
      throw new TypeError(
        `Expected \`handle\` to be a handle returned by push, got \`${String(handle)}\` (${handle === null ? 'null' : typeof handle})`,
      );
    }
    const entry = handle as unknown as Entry<T>;
    return entry.owner === this && entry.live ? entry : undefined;
  }

  #before(a: Entry<T>, b: Entry<T>): boolean {
    const order = this.#compare(a.value, b.value);
    return order < 0 || (!(order > 0) && a.seq < b.seq);
  }

  /** Binary search for the first position whose entry comes out before `entry`, then an O(n) splice. */
  #insert(entry: Entry<T>): void {
    const sorted = this.#sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#before(entry, sorted[mid] as Entry<T>)) low = mid + 1;
      else high = mid;
    }
    sorted.splice(low, 0, entry);
  }
}
