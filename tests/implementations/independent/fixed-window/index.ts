/**
 * Fixed window — independent implementation written from katas/fixed-window/README.md only.
 *
 * Different on purpose from the reference: one long-lived Map from key to its count, plus a list of the keys
 * counted in the current window. Moving to a new window deletes exactly those keys, one by one; each key is
 * deleted once per insertion, so the cost is amortised O(1) per call.
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

function shown(value: unknown): string {
  if (typeof value === 'string') return `\`'${value}'\` (string)`;
  if (typeof value === 'bigint') return `\`${value}n\` (bigint)`;
  return `\`${String(value)}\` (${value === null ? 'null' : typeof value})`;
}

function positiveInteger(name: string, value: unknown): number {
  const text = `Expected \`${name}\` to be a positive integer, got ${shown(value)}`;
  if (typeof value !== 'number') throw new TypeError(text);
  if (!(Number.isInteger(value) && value > 0 && value <= Number.MAX_SAFE_INTEGER)) throw new RangeError(text);
  return value;
}

export class FixedWindow {
  readonly #max: number;
  readonly #length: number;
  readonly #read: () => number;
  #started: number | null = null;
  readonly #spent = new Map<string, number>();
  #touched: string[] = [];

  constructor(options: FixedWindowOptions) {
    this.#max = positiveInteger('limit', options.limit);
    this.#length = positiveInteger('windowMs', options.windowMs);
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new TypeError(`Expected \`now\` to be a function, got ${shown(options.now)}`);
    }
    this.#read = options.now ?? (() => Date.now());
  }

  get limit(): number {
    return this.#max;
  }

  get windowMs(): number {
    return this.#length;
  }

  get trackedKeys(): number {
    return this.#spent.size;
  }

  tryAcquire(key = '', cost = 1): Decision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${shown(key)}`);
    const costText = `Expected \`cost\` to be an integer from 0 to the limit (${this.#max}), got ${shown(cost)}`;
    if (typeof cost !== 'number') throw new TypeError(costText);
    if (!Number.isInteger(cost) || cost < 0 || cost > this.#max) throw new RangeError(costText);

    const t = this.#read();
    // Start of the window this reading falls in; windows only move forward.
    const start = t - (((t % this.#length) + this.#length) % this.#length);
    if (this.#started === null || start > this.#started) {
      for (const old of this.#touched) this.#spent.delete(old);
      this.#touched = [];
      this.#started = start;
    }
    const resetAfterMs = this.#started + this.#length - t;
    const before = this.#spent.get(key) ?? 0;
    const allowed = before + cost <= this.#max;
    if (allowed && cost > 0) {
      if (before === 0) this.#touched.push(key);
      this.#spent.set(key, before + cost);
    }
    return {
      allowed,
      remaining: this.#max - (allowed ? before + cost : before),
      retryAfterMs: allowed ? 0 : resetAfterMs,
      limit: this.#max,
      resetAfterMs,
    };
  }
}
