/**
 * Token bucket — independent implementation written from katas/token-bucket/README.md only.
 *
 * Different on purpose from the reference:
 * - Each key stores one number, in the style of GCRA: `emptyAt`, the (scaled) time at which its bucket would be
 *   empty. The tokens at time t are `min(full, t·rate − emptyAt)`, in thousandths of a token; taking c tokens
 *   moves `emptyAt` forward by c·1000.
 * - Full buckets are forgotten through a min-heap of "full at" instants with lazy deletion (a version number per
 *   key), instead of a recency list: O(log n) per call, and buckets go exactly when they are full.
 * - Waiters sit in a doubly linked list per key, so an abort unlinks in O(1).
 */

export type Milliseconds = number;

export interface Decision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly now?: () => Milliseconds;
}

export interface AcquireOptions {
  readonly signal?: AbortSignal;
}

interface WaitNode {
  cost: number;
  resolve: (decision: Decision) => void;
  reject: (reason: unknown) => void;
  prev: WaitNode | null;
  next: WaitNode | null;
  cleanup: () => void;
}

interface KeyState {
  /** Scaled: milliseconds × tokens per second, so `time·rate − emptyAt` is thousandths of a token. */
  emptyAt: number;
  version: number;
  first: WaitNode | null;
  last: WaitNode | null;
  owed: number;
  timer: ReturnType<typeof setTimeout> | null;
}

type HeapItem = [fullAt: number, key: string, version: number];

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return `\`'${value}'\` (string)`;
  if (typeof value === 'bigint') return `\`${value}n\` (bigint)`;
  return `\`${String(value)}\` (${typeName(value)})`;
}

export class TokenBucket {
  readonly #cap: number;
  readonly #perSecond: number;
  readonly #clock: () => number;
  #time = 0;
  #previous: number | null = null;
  readonly #keys = new Map<string, KeyState>();
  readonly #heap: HeapItem[] = [];

  constructor(options: TokenBucketOptions) {
    const { capacity, refillPerSecond, now } = options;
    const capText = 'Expected `capacity` to be a positive integer, got ';
    if (typeof capacity !== 'number') throw new TypeError(capText + shown(capacity));
    if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new RangeError(capText + shown(capacity));
    const rateText = 'Expected `refillPerSecond` to be a positive finite number, got ';
    if (typeof refillPerSecond !== 'number') throw new TypeError(rateText + shown(refillPerSecond));
    if (!Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
      throw new RangeError(rateText + shown(refillPerSecond));
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError(`Expected \`now\` to be a function, got ${shown(now)}`);
    }
    this.#cap = capacity;
    this.#perSecond = refillPerSecond;
    this.#clock = now ?? (() => Date.now());
  }

  get capacity(): number {
    return this.#cap;
  }

  get refillPerSecond(): number {
    return this.#perSecond;
  }

  get trackedKeys(): number {
    return this.#keys.size;
  }

  tryAcquire(key = '', cost = 1): Decision {
    this.#validate(key, cost);
    const t = this.#advance();
    const state = this.#keys.get(key);
    if (state === undefined) {
      if (cost === 0) return this.#answer(true, this.#cap * 1000, 0);
      const created = this.#newState(t);
      this.#keys.set(key, created);
      created.emptyAt += cost * 1000;
      this.#remember(key, created);
      return this.#answer(true, this.#level(created, t), 0);
    }
    this.#drain(key, state, t);
    const have = this.#level(state, t);
    const need = state.owed + cost * 1000;
    if (cost > 0 && need > have) return this.#answer(false, have, this.#msFor(need - have));
    state.emptyAt = this.#floor(state, t) + cost * 1000;
    this.#remember(key, state);
    return this.#answer(true, this.#level(state, t), 0);
  }

  acquire(key = '', cost = 1, options: AcquireOptions = {}): Promise<Decision> {
    const signal = options.signal;
    try {
      this.#validate(key, cost);
      if (signal !== undefined && !(signal instanceof AbortSignal)) {
        throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${shown(signal)}`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    const t = this.#advance();
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = this.#newState(t);
      this.#keys.set(key, state);
    } else this.#drain(key, state, t);
    if (state.first === null && cost * 1000 <= this.#level(state, t)) {
      state.emptyAt = this.#floor(state, t) + cost * 1000;
      this.#remember(key, state);
      return Promise.resolve(this.#answer(true, this.#level(state, t), 0));
    }
    const owner = state;
    return new Promise((resolve, reject) => {
      const node: WaitNode = { cost, resolve, reject, prev: owner.last, next: null, cleanup: () => undefined };
      if (owner.last === null) owner.first = node;
      else owner.last.next = node;
      owner.last = node;
      owner.owed += cost * 1000;
      if (signal !== undefined) {
        const onAbort = (): void => {
          this.#unlink(owner, node);
          reject(signal.reason);
          const now = this.#advance();
          this.#drain(key, owner, now);
          this.#wake(key, owner, now);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        node.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.#wake(key, owner, this.#time);
    });
  }

  #validate(key: unknown, cost: unknown): void {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${shown(key)}`);
    const text = `Expected \`cost\` to be an integer from 0 to the capacity (${this.#cap}), got ${shown(cost)}`;
    if (typeof cost !== 'number') throw new TypeError(text);
    if (!Number.isInteger(cost) || cost < 0 || cost > this.#cap) throw new RangeError(text);
  }

  /** Limiter time: only forward steps of the clock count. Also forgets every bucket that is full by now. */
  #advance(): number {
    const reading = this.#clock();
    if (this.#previous !== null && reading > this.#previous) this.#time += reading - this.#previous;
    this.#previous = reading;
    const scaled = this.#time * this.#perSecond;
    while (this.#heap.length > 0 && (this.#heap[0] as HeapItem)[0] <= scaled) {
      const [, key, version] = this.#pop();
      const state = this.#keys.get(key);
      if (state !== undefined && state.version === version && state.first === null) this.#keys.delete(key);
    }
    return this.#time;
  }

  #newState(t: number): KeyState {
    return {
      emptyAt: t * this.#perSecond - this.#cap * 1000,
      version: 0,
      first: null,
      last: null,
      owed: 0,
      timer: null,
    };
  }

  /** The lowest meaningful `emptyAt`: a bucket cannot hold more than full. */
  #floor(state: KeyState, t: number): number {
    return Math.max(state.emptyAt, t * this.#perSecond - this.#cap * 1000);
  }

  #level(state: KeyState, t: number): number {
    return Math.min(this.#cap * 1000, t * this.#perSecond - state.emptyAt);
  }

  /** Records when the bucket will be full again; older records for the key become stale. */
  #remember(key: string, state: KeyState): void {
    state.version++;
    if (state.first !== null) return;
    const fullAt = state.emptyAt + this.#cap * 1000;
    if (fullAt <= this.#time * this.#perSecond) {
      this.#keys.delete(key);
      return;
    }
    this.#push([fullAt, key, state.version]);
  }

  /** Pays the waiters at the front that fit, in order. */
  #drain(key: string, state: KeyState, t: number): void {
    let paid = false;
    while (state.first !== null && state.first.cost * 1000 <= this.#level(state, t)) {
      const node = state.first;
      this.#unlink(state, node);
      state.emptyAt = this.#floor(state, t) + node.cost * 1000;
      node.resolve(this.#answer(true, this.#level(state, t), 0));
      paid = true;
    }
    if (state.first === null && state.timer !== null) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    if (paid || state.first === null) this.#remember(key, state);
  }

  #unlink(state: KeyState, node: WaitNode): void {
    if (node.prev === null) state.first = node.next;
    else node.prev.next = node.next;
    if (node.next === null) state.last = node.prev;
    else node.next.prev = node.prev;
    node.prev = null;
    node.next = null;
    state.owed -= node.cost * 1000;
    node.cleanup();
  }

  #wake(key: string, state: KeyState, t: number): void {
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    const head = state.first;
    if (head === null) return;
    const delay = this.#msFor(head.cost * 1000 - this.#level(state, t));
    state.timer = setTimeout(() => {
      state.timer = null;
      const now = this.#advance();
      this.#drain(key, state, now);
      this.#wake(key, state, now);
    }, delay);
  }

  #msFor(missing: number): number {
    if (missing <= 0) return 0;
    const exact = missing / this.#perSecond;
    const up = Math.ceil(exact);
    return (up - 1) * this.#perSecond >= missing ? up - 1 : up;
  }

  #answer(allowed: boolean, milli: number, retryAfterMs: number): Decision {
    return {
      allowed,
      remaining: Math.floor(milli / 1000),
      retryAfterMs,
      limit: this.#cap,
      resetAfterMs: this.#msFor(this.#cap * 1000 - milli),
    };
  }

  #push(item: HeapItem): void {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as HeapItem)[0] <= item[0]) break;
      heap[i] = heap[parent] as HeapItem;
      i = parent;
    }
    heap[i] = item;
  }

  #pop(): HeapItem {
    const heap = this.#heap;
    const top = heap[0] as HeapItem;
    const last = heap.pop() as HeapItem;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && (heap[right] as HeapItem)[0] < (heap[left] as HeapItem)[0] ? right : left;
        if ((heap[child] as HeapItem)[0] >= last[0]) break;
        heap[i] = heap[child] as HeapItem;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
