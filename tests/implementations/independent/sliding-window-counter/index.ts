/**
 * Sliding-window counter rate limiter — independent implementation written from
 * katas/sliding-window-counter/README.md.
 *
 * Different by design from the reference: each key stores the window index and units of its last two windows
 * with admissions (as a pair of slots, not "previous/current" rolled on access), and reads the counts for any
 * instant from them; `retryAfterMs` is found by binary search over whole-millisecond waits (with nothing else
 * happening, the estimate never rises over time, so "fits" is monotone). Idle keys go through a global queue of
 * "key K may go idle from window X" notes, consumed from the front.
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

/** The two most recent windows in which the key admitted anything: `[index, units]`, newest in `b`. */
interface Slots {
  aIndex: number;
  aUnits: number;
  bIndex: number;
  bUnits: number;
}

const kind = (v: unknown) => (v === null ? 'null' : typeof v);
const quote = (v: unknown) =>
  `\`${typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}n` : String(v)}\` (${kind(v)})`;

export class SlidingWindowCounter {
  readonly #max: number;
  readonly #span: number;
  readonly #clock: () => Milliseconds;
  readonly #slots = new Map<string, Slots>();
  #notes: { key: string; idleFrom: number }[] = [];
  #head = 0;
  #time = Number.NEGATIVE_INFINITY;

  constructor(options: SlidingWindowCounterOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`Expected \`options\` to be an object, got ${quote(options)}`);
    }
    const { limit, windowMs, now } = options;
    for (const [name, value, what] of [
      ['limit', limit, 'a positive integer'],
      ['windowMs', windowMs, 'a positive integer number of milliseconds'],
    ] as const) {
      const message = `Expected \`${name}\` to be ${what}, got ${quote(value)}`;
      if (typeof value !== 'number') throw new TypeError(message);
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(message);
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new TypeError(`Expected \`now\` to be a function, got ${quote(now)}`);
    }
    this.#max = limit;
    this.#span = windowMs;
    this.#clock = now ?? Date.now;
  }

  get limit(): number {
    return this.#max;
  }

  get windowMs(): Milliseconds {
    return this.#span;
  }

  get size(): number {
    this.#sweep(this.#tick());
    return this.#slots.size;
  }

  estimate(key = ''): number {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${quote(key)}`);
    const t = this.#tick();
    this.#sweep(t);
    const { previous, current, elapsed } = this.#read(this.#slots.get(key), t);
    return (previous * (this.#span - elapsed)) / this.#span + current;
  }

  tryAcquire(key = '', cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${quote(key)}`);
    const costMessage = `Expected \`cost\` to be an integer from 0 to the limit ${this.#max}, got ${quote(cost)}`;
    if (typeof cost !== 'number') throw new TypeError(costMessage);
    if (!Number.isInteger(cost) || cost < 0 || cost > this.#max) throw new RangeError(costMessage);
    const t = this.#tick();
    this.#sweep(t);
    let slots = this.#slots.get(key);
    const before = this.#read(slots, t);
    if (!this.#fits(before, cost)) {
      let low = 1;
      let high = 2 * this.#span + 1;
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (this.#fits(this.#read(slots, t + mid), cost)) high = mid;
        else low = mid + 1;
      }
      return this.#decision(false, before, 0, t, low);
    }
    if (cost > 0) {
      const index = Math.floor(t / this.#span);
      if (slots === undefined) {
        slots = { aIndex: Number.NEGATIVE_INFINITY, aUnits: 0, bIndex: index, bUnits: 0 };
        this.#slots.set(key, slots);
      } else if (slots.bIndex !== index) {
        slots.aIndex = slots.bIndex;
        slots.aUnits = slots.bUnits;
        slots.bIndex = index;
        slots.bUnits = 0;
      }
      slots.bUnits += cost;
      this.#notes.push({ key, idleFrom: index + 2 });
    }
    return this.#decision(true, before, cost, t, 0);
  }

  #decision(
    allowed: boolean,
    counts: { previous: number; current: number; elapsed: number },
    added: number,
    t: Milliseconds,
    retryAfterMs: Milliseconds,
  ): RateLimitDecision {
    const { previous, elapsed } = counts;
    const current = counts.current + added;
    const share = Math.ceil((previous * (this.#span - elapsed)) / this.#span);
    const windowEnd = t - elapsed + this.#span;
    const resetAfterMs = current > 0 ? windowEnd + this.#span - t : previous > 0 ? windowEnd - t : 0;
    return { allowed, remaining: this.#max - current - share, retryAfterMs, limit: this.#max, resetAfterMs };
  }

  #fits({ previous, current, elapsed }: { previous: number; current: number; elapsed: number }, cost: number) {
    return previous * (this.#span - elapsed) + (current + cost) * this.#span <= this.#max * this.#span;
  }

  /** The counts at instant `t`, as if nothing else happened after the last admission. */
  #read(slots: Slots | undefined, t: Milliseconds) {
    const index = Math.floor(t / this.#span);
    const elapsed = t - index * this.#span;
    if (slots === undefined) return { previous: 0, current: 0, elapsed };
    const units = (i: number) => (slots.bIndex === i ? slots.bUnits : slots.aIndex === i ? slots.aUnits : 0);
    return { previous: units(index - 1), current: units(index), elapsed };
  }

  #tick(): Milliseconds {
    const reading: unknown = this.#clock();
    const message = `Expected \`now()\` to return a finite number of milliseconds, got ${quote(reading)}`;
    if (typeof reading !== 'number') throw new TypeError(message);
    if (!Number.isFinite(reading)) throw new RangeError(message);
    this.#time = Math.max(this.#time, reading);
    return this.#time;
  }

  #sweep(t: Milliseconds): void {
    const index = Math.floor(t / this.#span);
    while (this.#head < this.#notes.length) {
      const note = this.#notes[this.#head] as { key: string; idleFrom: number };
      if (note.idleFrom > index) break;
      this.#head++;
      const slots = this.#slots.get(note.key);
      if (slots !== undefined && slots.bIndex + 2 <= index) this.#slots.delete(note.key);
    }
    if (this.#head > 16 && this.#head * 2 >= this.#notes.length) {
      this.#notes = this.#notes.slice(this.#head);
      this.#head = 0;
    }
  }
}
