/**
 * Sliding-window log rate limiter — reference solution.
 *
 * Each key keeps a log of its admissions still inside the window `(now − windowMs, now]`, oldest first, in a ring
 * buffer: appending at the tail and pruning expired entries at the head are O(1), so a long history costs nothing
 * (`Array.prototype.shift` would move every remaining element on each prune once the array is large). Alongside
 * each admission's time the log stores a running total of the units admitted so far, which makes "units in the
 * window" a subtraction and "when will enough units have left?" a binary search.
 *
 * Keys sit in a doubly linked list ordered by their latest admission. Time never runs backwards here, so the
 * key at the head is the one whose newest unit leaves the window first: dropping idle keys pops from the head,
 * O(1) amortised, with no scan over all keys (the LRU kata's structure, ordered by time instead of use).
 */

export type Milliseconds = number;

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface SlidingWindowLogOptions {
  readonly limit: number;
  readonly windowMs: Milliseconds;
  readonly now?: () => Milliseconds;
}

/** One key's admissions still in the window, and its place in the list of keys. */
interface KeyLog {
  readonly key: string;
  /** Ring buffer: admission times, and the running total of units admitted up to and including each. */
  times: number[];
  totals: number[];
  /** Ring index of the oldest entry, and how many entries the ring holds (≤ limit: each holds ≥ 1 unit). */
  head: number;
  count: number;
  /** Units ever admitted to this key, and units that have left the window: their difference is in use. */
  admitted: number;
  left: number;
  prev: KeyLog;
  next: KeyLog;
}

/** Ring buffers start this small and double up to `limit`, so a key with one request costs little. */
const initialRing = 4;

export class SlidingWindowLog {
  readonly #limit: number;
  readonly #windowMs: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #logs = new Map<string, KeyLog>();
  /** Sentinel of the circular list: `#keys.next` is the key whose newest admission is oldest. */
  readonly #keys: KeyLog;
  /** The latest clock reading seen; a reading before it is taken as it. */
  #latest: Milliseconds = Number.NEGATIVE_INFINITY;

  constructor(options: SlidingWindowLogOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    this.#limit = checkLimit(options.limit);
    this.#windowMs = checkWindow(options.windowMs);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    const sentinel = { prev: undefined, next: undefined } as unknown as KeyLog;
    sentinel.prev = sentinel;
    sentinel.next = sentinel;
    this.#keys = sentinel;
  }

  get limit(): number {
    return this.#limit;
  }

  get windowMs(): Milliseconds {
    return this.#windowMs;
  }

  get size(): number {
    this.#dropIdleKeys(this.#time());
    return this.#logs.size;
  }

  tryAcquire(key = '', cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${describe(key)}`);
    checkCost(cost, this.#limit);
    const now = this.#time();
    this.#dropIdleKeys(now);
    const log = this.#logs.get(key);
    if (log !== undefined) this.#prune(log, now);
    const used = log === undefined ? 0 : log.admitted - log.left;
    if (used + cost > this.#limit) {
      // log is defined: used > 0.
      const owner = log as KeyLog;
      return {
        allowed: false,
        remaining: this.#limit - used,
        retryAfterMs: this.#retryAfter(owner, used + cost - this.#limit, now),
        limit: this.#limit,
        resetAfterMs: this.#resetAfter(owner, now),
      };
    }
    if (cost === 0) {
      return {
        allowed: true,
        remaining: this.#limit - used,
        retryAfterMs: 0,
        limit: this.#limit,
        resetAfterMs: log === undefined ? 0 : this.#resetAfter(log, now),
      };
    }
    const owner = log ?? this.#createLog(key);
    this.#append(owner, now, cost);
    return {
      allowed: true,
      remaining: this.#limit - used - cost,
      retryAfterMs: 0,
      limit: this.#limit,
      resetAfterMs: this.#windowMs,
    };
  }

  /** Reads the clock; never earlier than the latest reading. */
  #time(): Milliseconds {
    const reading: unknown = this.#now();
    if (typeof reading !== 'number') {
      throw new TypeError(`Expected \`now()\` to return a finite number of milliseconds, got ${describe(reading)}`);
    }
    if (!Number.isFinite(reading)) {
      throw new RangeError(`Expected \`now()\` to return a finite number of milliseconds, got ${describe(reading)}`);
    }
    if (reading > this.#latest) this.#latest = reading;
    return this.#latest;
  }

  /** Removes admissions that have left the window: a unit admitted at t counts while now < t + windowMs. */
  #prune(log: KeyLog, now: Milliseconds): void {
    const capacity = log.times.length;
    while (log.count > 0 && (log.times[log.head] as number) + this.#windowMs <= now) {
      log.left = log.totals[log.head] as number;
      log.head = log.head + 1 === capacity ? 0 : log.head + 1;
      log.count--;
    }
  }

  /**
   * The wait until `excess` more units have left the window: the oldest entry whose running total reaches
   * `left + excess`, found by binary search (totals increase along the ring), leaves at its time + windowMs.
   */
  #retryAfter(log: KeyLog, excess: number, now: Milliseconds): Milliseconds {
    const target = log.left + excess;
    let low = 0;
    let high = log.count - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((log.totals[this.#slot(log, middle)] as number) >= target) high = middle;
      else low = middle + 1;
    }
    return (log.times[this.#slot(log, low)] as number) + this.#windowMs - now;
  }

  /** The wait until the newest entry leaves the window. */
  #resetAfter(log: KeyLog, now: Milliseconds): Milliseconds {
    if (log.count === 0) return 0;
    return (log.times[this.#slot(log, log.count - 1)] as number) + this.#windowMs - now;
  }

  #slot(log: KeyLog, index: number): number {
    const slot = log.head + index;
    return slot >= log.times.length ? slot - log.times.length : slot;
  }

  #append(log: KeyLog, now: Milliseconds, cost: number): void {
    if (log.count === log.times.length) this.#grow(log);
    const slot = this.#slot(log, log.count);
    log.admitted += cost;
    log.times[slot] = now;
    log.totals[slot] = log.admitted;
    log.count++;
    // Newest admission: move to the tail of the key list.
    const keys = this.#keys;
    if (keys.prev !== log) {
      log.prev.next = log.next;
      log.next.prev = log.prev;
      log.prev = keys.prev;
      log.next = keys;
      keys.prev.next = log;
      keys.prev = log;
    }
  }

  /** Doubles the ring (never past `limit` entries: each entry holds at least one unit), oldest entry first. */
  #grow(log: KeyLog): void {
    const capacity = Math.min(this.#limit, Math.max(initialRing, 2 * log.times.length));
    const times = new Array<number>(capacity).fill(0);
    const totals = new Array<number>(capacity).fill(0);
    for (let index = 0; index < log.count; index++) {
      const slot = this.#slot(log, index);
      times[index] = log.times[slot] as number;
      totals[index] = log.totals[slot] as number;
    }
    log.times = times;
    log.totals = totals;
    log.head = 0;
  }

  #createLog(key: string): KeyLog {
    const keys = this.#keys;
    const log: KeyLog = {
      key,
      times: [],
      totals: [],
      head: 0,
      count: 0,
      admitted: 0,
      left: 0,
      prev: keys,
      next: keys,
    };
    // Linked at the head for now; the append that follows moves it to the tail.
    log.next = keys.next;
    keys.next.prev = log;
    keys.next = log;
    this.#logs.set(key, log);
    return log;
  }

  /** Forgets keys whose newest unit has left the window, oldest first; stops at the first key still active. */
  #dropIdleKeys(now: Milliseconds): void {
    const keys = this.#keys;
    for (let log = keys.next; log !== keys; log = keys.next) {
      if (log.count > 0 && (log.times[this.#slot(log, log.count - 1)] as number) + this.#windowMs > now) return;
      keys.next = log.next;
      log.next.prev = keys;
      this.#logs.delete(log.key);
    }
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkLimit(limit: unknown): number {
  if (typeof limit !== 'number') {
    throw new TypeError(`Expected \`limit\` to be a positive integer, got ${describe(limit)}`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`Expected \`limit\` to be a positive integer, got ${describe(limit)}`);
  }
  return limit;
}

function checkWindow(windowMs: unknown): Milliseconds {
  if (typeof windowMs !== 'number') {
    throw new TypeError(
      `Expected \`windowMs\` to be a positive finite number of milliseconds, got ${describe(windowMs)}`,
    );
  }
  if (!(windowMs > 0) || windowMs === Number.POSITIVE_INFINITY) {
    throw new RangeError(
      `Expected \`windowMs\` to be a positive finite number of milliseconds, got ${describe(windowMs)}`,
    );
  }
  return windowMs;
}

function checkCost(cost: unknown, limit: number): void {
  if (typeof cost !== 'number') {
    throw new TypeError(`Expected \`cost\` to be an integer from 0 to the limit ${limit}, got ${describe(cost)}`);
  }
  if (!Number.isInteger(cost) || cost < 0 || cost > limit) {
    throw new RangeError(`Expected \`cost\` to be an integer from 0 to the limit ${limit}, got ${describe(cost)}`);
  }
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
