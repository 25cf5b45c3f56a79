/**
 * Fixed window counter — reference solution.
 *
 * Time is cut into windows of `windowMs` aligned to multiples of it (window n is [n·W, (n+1)·W)); each key may
 * spend `limit` per window. The simplest limiter there is, and the one with the famous flaw: `limit` at the end of
 * one window plus `limit` at the start of the next are all allowed, 2× the limit within a few milliseconds.
 *
 * Memory: every key's window is the same window, so the counts of one window live in one Map, and moving to a new
 * window replaces the Map: all stale counts go at once, in O(1), with no per-key timestamps and no sweeping.
 */

export type Milliseconds = number;

export interface Decision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface FixedWindowOptions {
  readonly limit: number;
  readonly windowMs: Milliseconds;
  readonly now?: () => Milliseconds;
}

export class FixedWindow {
  readonly #limit: number;
  readonly #windowMs: Milliseconds;
  readonly #now: () => Milliseconds;
  /** The index of the current window; it never goes back, so a clock set back cannot reopen a spent window. */
  #window = Number.NEGATIVE_INFINITY;
  /** What each key has spent in the current window; keys with nothing spent are absent. */
  #counts = new Map<string, number>();

  constructor(options: FixedWindowOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    this.#limit = checkPositiveInteger('limit', options.limit);
    this.#windowMs = checkPositiveInteger('windowMs', options.windowMs);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
  }

  get limit(): number {
    return this.#limit;
  }

  get windowMs(): Milliseconds {
    return this.#windowMs;
  }

  get trackedKeys(): number {
    return this.#counts.size;
  }

  tryAcquire(key = '', cost = 1): Decision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${describe(key)}`);
    checkCost(cost, this.#limit);
    const now = this.#now();
    const window = Math.floor(now / this.#windowMs);
    if (window > this.#window) {
      // A new window: every count belongs to an older one. Dropping the Map drops them all in O(1).
      this.#window = window;
      if (this.#counts.size > 0) this.#counts = new Map();
    }
    // From the window's end, not from `now`'s own window: after a backward step they differ.
    const resetAfterMs = (this.#window + 1) * this.#windowMs - now;
    const used = this.#counts.get(key) ?? 0;
    if (used + cost > this.#limit) {
      return {
        allowed: false,
        remaining: this.#limit - used,
        retryAfterMs: resetAfterMs,
        limit: this.#limit,
        resetAfterMs,
      };
    }
    if (cost > 0) this.#counts.set(key, used + cost);
    return { allowed: true, remaining: this.#limit - used - cost, retryAfterMs: 0, limit: this.#limit, resetAfterMs };
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkPositiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Expected \`${name}\` to be a positive integer, got ${describe(value)}`);
  }
  return value;
}

function checkCost(cost: unknown, limit: number): void {
  const expected = `Expected \`cost\` to be an integer from 0 to the limit (${limit})`;
  if (typeof cost !== 'number') throw new TypeError(`${expected}, got ${describe(cost)}`);
  if (!Number.isInteger(cost) || cost < 0 || cost > limit) throw new RangeError(`${expected}, got ${describe(cost)}`);
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
