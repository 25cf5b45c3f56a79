/**
 * A buggy variant written as a whole file (see specs/sliding-window-log/buggy.ts): the reference with each key's
 * log in two plain arrays, pruned with `Array.prototype.shift()`.
 *
 * Every rule of the contract holds; only the cost is wrong. Once an array is large, V8 cannot trim it from the
 * front in place, so each `shift()` moves every remaining element: a full log of n units pays O(n) per call. Only
 * the growth check can kill it.
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
  times: number[];
  totals: number[];
  /** Units ever admitted to this key, and units that have left the window: their difference is in use. */
  admitted: number;
  left: number;
  prev: KeyLog;
  next: KeyLog;
}

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
    while (log.times.length > 0 && (log.times[0] as number) + this.#windowMs <= now) {
      log.times.shift();
      log.left = log.totals.shift() as number;
    }
  }

  /**
   * The wait until `excess` more units have left the window: the oldest entry whose running total reaches
   * `left + excess`, found by binary search (totals increase along the ring), leaves at its time + windowMs.
   */
  #retryAfter(log: KeyLog, excess: number, now: Milliseconds): Milliseconds {
    const target = log.left + excess;
    let low = 0;
    let high = log.times.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((log.totals[middle] as number) >= target) high = middle;
      else low = middle + 1;
    }
    return (log.times[low] as number) + this.#windowMs - now;
  }

  /** The wait until the newest entry leaves the window. */
  #resetAfter(log: KeyLog, now: Milliseconds): Milliseconds {
    if (log.times.length === 0) return 0;
    return (log.times[log.times.length - 1] as number) + this.#windowMs - now;
  }

  #append(log: KeyLog, now: Milliseconds, cost: number): void {
    log.admitted += cost;
    log.times.push(now);
    log.totals.push(log.admitted);
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

  #createLog(key: string): KeyLog {
    const keys = this.#keys;
    const log: KeyLog = {
      key,
      times: [],
      totals: [],
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
      if (log.times.length > 0 && (log.times[log.times.length - 1] as number) + this.#windowMs > now) return;
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
