/**
 * Sliding-window log rate limiter — your implementation goes here.
 *
 * Read katas/sliding-window-log/README.md for the contract, level by level. `npm run kata sliding-window-log`
 * runs the specs on every save. Replace each `throw` with real code; keep the exported names and signatures, the
 * specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** What `tryAcquire` answers. A fresh object on every call. */
export interface RateLimitDecision {
  /** Whether the request was admitted; its units now count against the key. */
  readonly allowed: boolean;
  /** Units still available to the key now: after this request when allowed, without it when denied. */
  readonly remaining: number;
  /**
   * `0` when allowed. When denied, the least wait after which the same request (same key and cost) is allowed if
   * nothing else happens: waiting exactly this long allows it, waiting less does not.
   */
  readonly retryAfterMs: Milliseconds;
  /** The limiter's `limit`. */
  readonly limit: number;
  /** The wait until every unit the key holds has left the window; `0` when it holds none. */
  readonly resetAfterMs?: Milliseconds;
}

export interface SlidingWindowLogOptions {
  /** Level 1. The most units admitted in any window of `windowMs`; a positive safe integer. */
  readonly limit: number;
  /** Level 1. The window length in milliseconds; a positive finite number. */
  readonly windowMs: Milliseconds;
  /** Level 1. The clock. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
}

export class SlidingWindowLog {
  /**
   * Level 1. A limiter admitting at most `limit` units per key in any window `(now − windowMs, now]`.
   * @throws TypeError when an option has the wrong type; RangeError when `limit` or `windowMs` is out of range.
   */
  constructor(options: SlidingWindowLogOptions) {
    void options;
    throw new Error('Not implemented: SlidingWindowLog constructor (katas/sliding-window-log/index.ts)');
  }

  /** Level 1. The `limit` given. */
  get limit(): number {
    throw new Error('Not implemented: SlidingWindowLog.limit');
  }

  /** Level 1. The `windowMs` given. */
  get windowMs(): Milliseconds {
    throw new Error('Not implemented: SlidingWindowLog.windowMs');
  }

  /**
   * Level 1: one unit for the default key. Level 2: `cost` units (an integer from 0 to `limit`; 0 is a peek).
   * Level 3: per `key` (a string; omitted means the default key `''`).
   * @throws TypeError / RangeError for a bad `key` or `cost`, or a clock reading that is not a finite number.
   */
  tryAcquire(key = '', cost = 1): RateLimitDecision {
    void key;
    void cost;
    throw new Error('Not implemented: SlidingWindowLog.tryAcquire');
  }

  /** Level 3. How many keys hold at least one unit in the window now (reads the clock). */
  get size(): number {
    throw new Error('Not implemented: SlidingWindowLog.size');
  }
}
