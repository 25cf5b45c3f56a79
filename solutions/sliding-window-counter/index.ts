/**
 * Sliding-window counter rate limiter — reference solution.
 *
 * Two counters per key, for the current aligned window and the one before, and the estimate
 * `previous × (1 − elapsed/W) + current` (the approximation Cloudflare described for its rate limiting). Memory
 * is O(1) per key whatever the limit, every call is O(1), and katas/sliding-window-counter/README.md proves how
 * far it can be from the exact sliding-window log: at most `limit` units in an aligned window, at most
 * `2 × limit − 1` in any sliding one.
 *
 * Decisions are exact: `estimate + cost ≤ limit` is evaluated as `previous × (W − elapsed) ≤ (limit − current −
 * cost) × W`, products of whole numbers when the clock reads whole milliseconds, so no floating-point rounding can
 * flip a decision at the instant the two sides are equal.
 *
 * Keys sit in a doubly linked list ordered by their latest admission; time never runs backwards here, so idle
 * keys (nothing admitted in the current or previous window) are always at the head, and dropping them costs O(1)
 * amortised.
 */

export type Milliseconds = number;

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface SlidingWindowCounterOptions {
  readonly limit: number;
  readonly windowMs: Milliseconds;
  readonly now?: () => Milliseconds;
}

interface Counters {
  readonly key: string;
  /** Index of the aligned window `current` counts (`floor(t / W)`); `previous` counts the window before it. */
  window: number;
  previous: number;
  current: number;
  /** Window index of the latest admission: the key is idle from window `lastAdmitted + 2` on. */
  lastAdmitted: number;
  prev: Counters;
  next: Counters;
}

export class SlidingWindowCounter {
  readonly #limit: number;
  readonly #windowMs: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #counters = new Map<string, Counters>();
  /** Sentinel of the circular list: `#keys.next` is the key whose latest admission is oldest. */
  readonly #keys: Counters;
  #latest: Milliseconds = Number.NEGATIVE_INFINITY;

  constructor(options: SlidingWindowCounterOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    this.#limit = checkPositiveInteger('limit', 'a positive integer', options.limit);
    this.#windowMs = checkPositiveInteger('windowMs', 'a positive integer number of milliseconds', options.windowMs);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    const sentinel = { prev: undefined, next: undefined } as unknown as Counters;
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
    this.#dropIdleKeys(Math.floor(this.#time() / this.#windowMs));
    return this.#counters.size;
  }

  estimate(key = ''): number {
    checkKey(key);
    const now = this.#time();
    const window = Math.floor(now / this.#windowMs);
    this.#dropIdleKeys(window);
    const counters = this.#counters.get(key);
    if (counters === undefined) return 0;
    this.#roll(counters, window);
    const elapsed = now - window * this.#windowMs;
    return (counters.previous * (this.#windowMs - elapsed)) / this.#windowMs + counters.current;
  }

  tryAcquire(key = '', cost = 1): RateLimitDecision {
    checkKey(key);
    checkCost(cost, this.#limit);
    const now = this.#time();
    const W = this.#windowMs;
    const window = Math.floor(now / W);
    this.#dropIdleKeys(window);
    const counters = this.#counters.get(key);
    if (counters !== undefined) this.#roll(counters, window);
    const previous = counters?.previous ?? 0;
    const current = counters?.current ?? 0;
    const start = window * W;
    const elapsed = now - start;
    // The previous window's share, rounded up: ceil(previous × (W − elapsed) / W).
    const share = Math.ceil((previous * (W - elapsed)) / W);
    const allowed = previous * (W - elapsed) <= (this.#limit - current - cost) * W;
    if (!allowed) {
      return {
        allowed: false,
        remaining: this.#limit - current - share,
        retryAfterMs: this.#retryAfter(previous, current, cost, now, start),
        limit: this.#limit,
        resetAfterMs: resetAfter(previous, current, now, start, W),
      };
    }
    if (cost > 0) {
      const owner = counters ?? this.#create(key, window);
      owner.current += cost;
      owner.lastAdmitted = window;
      this.#moveToTail(owner);
    }
    return {
      allowed: true,
      remaining: this.#limit - current - cost - share,
      retryAfterMs: 0,
      limit: this.#limit,
      resetAfterMs: resetAfter(previous, current + cost, now, start, W),
    };
  }

  /**
   * The least whole wait after which `cost` fits. In this window the estimate falls as the previous window's share
   * fades: it fits from elapsed `W × (previous − room) / previous`, where room = limit − current − cost. If that
   * instant (rounded up to a whole wait) is not before the boundary, the next window decides: there `current`
   * becomes the fading share and it fits from `W × (1 − (limit − cost) / current)` after the boundary (at the
   * latest, the boundary after that, when nothing is counted).
   */
  #retryAfter(previous: number, current: number, cost: number, now: Milliseconds, start: Milliseconds): Milliseconds {
    const W = this.#windowMs;
    const room = this.#limit - current - cost;
    const end = start + W;
    if (room >= 0 && previous > 0) {
      const wait = Math.ceil(start + (W * (previous - room)) / previous - now);
      if (now + wait < end) return wait;
    }
    const fade = current === 0 ? 0 : Math.max(0, (W * (current - (this.#limit - cost))) / current);
    return Math.ceil(end + fade - now);
  }

  /** Moves a key's counters forward to `window`: one window on, current becomes previous; two or more, both 0. */
  #roll(counters: Counters, window: number): void {
    if (counters.window === window) return;
    counters.previous = counters.window === window - 1 ? counters.current : 0;
    counters.current = 0;
    counters.window = window;
  }

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

  #create(key: string, window: number): Counters {
    const keys = this.#keys;
    const counters: Counters = {
      key,
      window,
      previous: 0,
      current: 0,
      lastAdmitted: window,
      prev: keys.prev,
      next: keys,
    };
    keys.prev.next = counters;
    keys.prev = counters;
    this.#counters.set(key, counters);
    return counters;
  }

  #moveToTail(counters: Counters): void {
    const keys = this.#keys;
    if (keys.prev === counters) return;
    counters.prev.next = counters.next;
    counters.next.prev = counters.prev;
    counters.prev = keys.prev;
    counters.next = keys;
    keys.prev.next = counters;
    keys.prev = counters;
  }

  /** Forgets keys that admitted nothing in the current or previous window; stops at the first that did. */
  #dropIdleKeys(window: number): void {
    const keys = this.#keys;
    for (let counters = keys.next; counters !== keys; counters = keys.next) {
      if (counters.lastAdmitted + 2 > window) return;
      keys.next = counters.next;
      counters.next.prev = keys;
      this.#counters.delete(counters.key);
    }
  }
}

/** The wait until nothing is counted: the end of the next window while `current > 0`, of this one for `previous`. */
function resetAfter(
  previous: number,
  current: number,
  now: Milliseconds,
  start: Milliseconds,
  windowMs: Milliseconds,
): Milliseconds {
  if (current > 0) return start + 2 * windowMs - now;
  if (previous > 0) return start + windowMs - now;
  return 0;
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkPositiveInteger(name: string, expected: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`Expected \`${name}\` to be ${expected}, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Expected \`${name}\` to be ${expected}, got ${describe(value)}`);
  }
  return value;
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${describe(key)}`);
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
