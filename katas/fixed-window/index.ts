/**
 * Fixed window rate limiter — your implementation goes here.
 *
 * Read katas/fixed-window/README.md for the contract, level by level. `npm run kata fixed-window` runs the specs
 * on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** The answer to one request. */
export interface Decision {
  /** Whether the request was allowed (and counted). */
  readonly allowed: boolean;
  /** What the key may still spend in the current window, after this decision. */
  readonly remaining: number;
  /**
   * Level 2. `0` when allowed. When denied, the milliseconds until the next window starts: the least wait after
   * which the same request is allowed, if nothing else happens meanwhile.
   */
  readonly retryAfterMs: Milliseconds;
  /** The limit per window. */
  readonly limit: number;
  /** Level 2. Milliseconds until the next window starts, allowed or not. */
  readonly resetAfterMs?: Milliseconds;
}

export interface FixedWindowOptions {
  /** Level 1. Most a key may spend per window; a positive safe integer. */
  readonly limit: number;
  /** Level 1. The window length in milliseconds; a positive safe integer. Windows start at its multiples. */
  readonly windowMs: Milliseconds;
  /** Level 1. The clock, in milliseconds. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
}

export class FixedWindow {
  /**
   * Level 1. A limiter with one counter per key per window.
   * @throws TypeError when an option has the wrong type; RangeError when a number is out of range.
   */
  constructor(options: FixedWindowOptions) {
    void options;
    throw new Error('Not implemented: FixedWindow constructor (katas/fixed-window/index.ts)');
  }

  /** Level 1. The limit given. */
  get limit(): number {
    throw new Error('Not implemented: FixedWindow.limit');
  }

  /** Level 1. The window length given. */
  get windowMs(): Milliseconds {
    throw new Error('Not implemented: FixedWindow.windowMs');
  }

  /**
   * Level 1. Counts `cost` against `key` in the current window if it fits under the limit, else denies.
   * `key` defaults to `''`, the one shared key. Level 2: `cost` is an integer from 0 to the limit (0 is a peek).
   */
  tryAcquire(key = '', cost = 1): Decision {
    void key;
    void cost;
    throw new Error('Not implemented: FixedWindow.tryAcquire');
  }

  /** Level 3. How many keys the limiter holds a count for. */
  get trackedKeys(): number {
    throw new Error('Not implemented: FixedWindow.trackedKeys');
  }
}
