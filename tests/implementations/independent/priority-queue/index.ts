/**
 * Priority queue — independent implementation written from katas/priority-queue/README.md only.
 *
 * Layout: the heap is three parallel arrays (values, push numbers, handle tokens) instead of an array of entry
 * objects, and a `Map` from handle token to current position replaces an index stored in the handle. A token that
 * is not in this queue's map is stale or foreign, which needs no marking on removal. Swaps go through one `#swap`
 * that keeps the map in step.
 */

export type Comparator<T> = (a: T, b: T) => number;

declare const handleBrand: unique symbol;

export interface Handle<T> {
  readonly [handleBrand]: T;
}

const naturalOrder = (a: unknown, b: unknown): number =>
  (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function shown(value: unknown): string {
  try {
    return typeof value === 'string' ? `'${value}'` : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function validComparator<T>(comparator: Comparator<T> | undefined): Comparator<T> {
  if (comparator === undefined) return naturalOrder;
  if (typeof comparator === 'function') return comparator;
  throw new TypeError(
    `Expected \`comparator\` to be a function, got \`${shown(comparator)}\` (${typeName(comparator)})`,
  );
}

export class PriorityQueue<T> {
  readonly #cmp: Comparator<T>;
  readonly #values: T[] = [];
  readonly #order: number[] = [];
  readonly #tokens: (object | null)[] = [];
  readonly #where = new Map<object, number>();
  #pushes = 0;

  constructor(comparator?: Comparator<T>) {
    this.#cmp = validComparator(comparator);
  }

  static from<T>(items: Iterable<T>, comparator?: Comparator<T>): PriorityQueue<T> {
    const iterator =
      items === null || items === undefined ? undefined : (items as { [Symbol.iterator]?: unknown })[Symbol.iterator];
    if (typeof iterator !== 'function') {
      throw new TypeError(`Expected \`items\` to be iterable, got \`${shown(items)}\` (${typeName(items)})`);
    }
    const queue = new PriorityQueue<T>(comparator);
    for (const item of items) {
      queue.#values.push(item);
      queue.#order.push(queue.#pushes++);
      queue.#tokens.push(null);
    }
    for (let parent = Math.floor(queue.#values.length / 2) - 1; parent >= 0; parent--) queue.#down(parent);
    return queue;
  }

  get size(): number {
    return this.#values.length;
  }

  push(value: T): Handle<T> {
    const token = Object.freeze({});
    const at = this.#values.length;
    this.#values.push(value);
    this.#order.push(this.#pushes++);
    this.#tokens.push(token);
    this.#where.set(token, at);
    this.#up(at);
    return token as Handle<T>;
  }

  peek(): T | undefined {
    return this.#values.length === 0 ? undefined : this.#values[0];
  }

  pop(): T | undefined {
    if (this.#values.length === 0) return undefined;
    return this.#take(0);
  }

  remove(handle: Handle<T>): boolean {
    const at = this.#position(handle);
    if (at === undefined) return false;
    this.#take(at);
    return true;
  }

  updatePriority(handle: Handle<T>, value: T): boolean {
    const at = this.#position(handle);
    if (at === undefined) return false;
    this.#values[at] = value;
    const moved = this.#up(at);
    if (moved === at) this.#down(at);
    return true;
  }

  #position(handle: Handle<T>): number | undefined {
    if (handle === null || (typeof handle !== 'object' && typeof handle !== 'function')) {
      throw new TypeError(
        `Expected \`handle\` to be a handle from push, got \`${shown(handle)}\` (${typeName(handle)})`,
      );
    }
    return this.#where.get(handle);
  }

  /** Removes the item at `at` and returns it; the last item fills the gap and moves to where it belongs. */
  #take(at: number): T {
    const value = this.#values[at] as T;
    const token = this.#tokens[at];
    if (token !== null && token !== undefined) this.#where.delete(token);
    const last = this.#values.length - 1;
    if (at !== last) {
      this.#place(at, this.#values[last] as T, this.#order[last] as number, this.#tokens[last] ?? null);
    }
    this.#values.pop();
    this.#order.pop();
    this.#tokens.pop();
    if (at < this.#values.length && this.#up(at) === at) this.#down(at);
    return value;
  }

  #place(at: number, value: T, order: number, token: object | null): void {
    this.#values[at] = value;
    this.#order[at] = order;
    this.#tokens[at] = token;
    if (token !== null) this.#where.set(token, at);
  }

  /** Whether the item at `i` must leave before the item at `j`. */
  #precedes(i: number, j: number): boolean {
    const c = this.#cmp(this.#values[i] as T, this.#values[j] as T);
    if (c < 0) return true;
    if (c > 0) return false;
    return (this.#order[i] as number) < (this.#order[j] as number);
  }

  #swap(i: number, j: number): void {
    const value = this.#values[i] as T;
    const order = this.#order[i] as number;
    const token = this.#tokens[i] ?? null;
    this.#place(i, this.#values[j] as T, this.#order[j] as number, this.#tokens[j] ?? null);
    this.#place(j, value, order, token);
  }

  /** Moves the item at `at` towards the root; returns where it stopped. */
  #up(at: number): number {
    let i = at;
    while (i > 0) {
      const parent = Math.floor((i - 1) / 2);
      if (!this.#precedes(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
    return i;
  }

  #down(at: number): void {
    const n = this.#values.length;
    let i = at;
    for (;;) {
      const left = i * 2 + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.#precedes(right, left) ? right : left;
      if (!this.#precedes(child, i)) return;
      this.#swap(i, child);
      i = child;
    }
  }
}
