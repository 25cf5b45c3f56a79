/**
 * Sliding-window counter rate limiter — your implementation goes here.
 *
 * Read katas/sliding-window-counter/README.md for the contract, level by level. `npm run kata
 * sliding-window-counter` runs the specs on every save. Replace each `throw` with real code; keep the exported
 * names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** What `tryAcquire` answers. A fresh object on every call. */
export interface RateLimitDecision {
  /** Whether the request was admitted: `estimate + cost ≤ limit`, compared exactly. */
  readonly allowed: boolean;
  /** `limit − ceil(estimate)`: after this request when allowed, without it when denied. */
  readonly remaining: number;
  /**
   * `0` when allowed. When denied, the least whole number of milliseconds after which the same request is allowed
   * if nothing else happens: waiting exactly this long allows it, one millisecond less does not.
   */
  readonly retryAfterMs: Milliseconds;
  /** The limiter's `limit`. */
  readonly limit: number;
  /** The wait until the key's estimate is 0; `0` when it already is. */
  readonly resetAfterMs?: Milliseconds;
}

export interface SlidingWindowCounterOptions {
  /** Level 1. The most units per window, as estimated; a positive safe integer. */
  readonly limit: number;
  /** Level 1. The window length, a positive safe integer of milliseconds; windows are aligned to its multiples. */
  readonly windowMs: Milliseconds;
  /** Level 1. The clock. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
}

export class SlidingWindowCounter {
  /**
   * Level 1. A limiter admitting a request when `previous × (1 − elapsed/windowMs) + current + cost ≤ limit`.
   * @throws TypeError when an option has the wrong type; RangeError when `limit` or `windowMs` is out of range.
   */
  constructor(options: SlidingWindowCounterOptions) {
    void options;
    throw new Error('Not implemented: SlidingWindowCounter constructor (katas/sliding-window-counter/index.ts)');
  }

  /** Level 1. The `limit` given. */
  get limit(): number {
    throw new Error('Not implemented: SlidingWindowCounter.limit');
  }

  /** Level 1. The `windowMs` given. */
  get windowMs(): Milliseconds {
    throw new Error('Not implemented: SlidingWindowCounter.windowMs');
  }

  /**
   * Level 1. The estimate now for `key` (default `''`): `previous × (windowMs − elapsed) / windowMs + current`.
   * @throws TypeError for a `key` that is not a string, or a clock reading that is not a number.
   */
  estimate(key = ''): number {
    void key;
    throw new Error('Not implemented: SlidingWindowCounter.estimate');
  }

  /**
   * Level 1: one unit for the default key. Level 2: `cost` units (an integer from 0 to `limit`; 0 is a peek).
   * Level 3: per `key` (a string; omitted means the default key `''`).
   * @throws TypeError / RangeError for a bad `key` or `cost`, or a clock reading that is not a finite number.
   */
  tryAcquire(key = '', cost = 1): RateLimitDecision {
    void key;
    void cost;
    throw new Error('Not implemented: SlidingWindowCounter.tryAcquire');
  }

  /** Level 3. How many keys have an estimate above 0 now (reads the clock). */
  get size(): number {
    throw new Error('Not implemented: SlidingWindowCounter.size');
  }
}
