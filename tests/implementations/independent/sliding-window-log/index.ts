/**
 * Sliding-window log rate limiter — independent implementation written from katas/sliding-window-log/README.md.
 *
 * Different by design from the reference: each key's log is an array of `{ at, units }` records with a moving
 * start index, compacted with `splice` once the dead prefix is at least half the array (amortised O(1)); a
 * retry walks the records from the oldest. Idle keys are found through one global queue of "key K may go idle at
 * time T" notes, appended on every admission and consumed from the front (time only moves forward, so the notes
 * are in order); a note is stale when its key admitted again later.
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

interface Record {
  readonly at: Milliseconds;
  readonly units: number;
}

interface Bucket {
  records: Record[];
  start: number;
  held: number;
}

interface Note {
  readonly key: string;
  readonly idleAt: Milliseconds;
}

const kind = (v: unknown) => (v === null ? 'null' : typeof v);
const quote = (v: unknown) =>
  `\`${typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}n` : String(v)}\` (${kind(v)})`;

export class SlidingWindowLog {
  readonly #max: number;
  readonly #span: Milliseconds;
  readonly #clock: () => Milliseconds;
  readonly #buckets = new Map<string, Bucket>();
  #notes: Note[] = [];
  #noteStart = 0;
  #time = Number.NEGATIVE_INFINITY;

  constructor(options: SlidingWindowLogOptions) {
    if (options === null || typeof options !== 'object')
      throw new TypeError(`Expected \`options\` to be an object, got ${quote(options)}`);
    const { limit, windowMs, now } = options;
    const limitMessage = `Expected \`limit\` to be a positive integer, got ${quote(limit)}`;
    if (typeof limit !== 'number') throw new TypeError(limitMessage);
    if (!Number.isSafeInteger(limit) || limit <= 0) throw new RangeError(limitMessage);
    const windowMessage = `Expected \`windowMs\` to be a positive finite number of milliseconds, got ${quote(windowMs)}`;
    if (typeof windowMs !== 'number') throw new TypeError(windowMessage);
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(windowMessage);
    if (now !== undefined && typeof now !== 'function')
      throw new TypeError(`Expected \`now\` to be a function, got ${quote(now)}`);
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
    return this.#buckets.size;
  }

  tryAcquire(key = '', cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${quote(key)}`);
    const costMessage = `Expected \`cost\` to be an integer from 0 to the limit ${this.#max}, got ${quote(cost)}`;
    if (typeof cost !== 'number') throw new TypeError(costMessage);
    if (!Number.isInteger(cost) || cost < 0 || cost > this.#max) throw new RangeError(costMessage);
    const t = this.#tick();
    this.#sweep(t);
    const bucket = this.#buckets.get(key);
    if (bucket !== undefined) this.#expire(bucket, t);
    const held = bucket?.held ?? 0;
    const reset = bucket === undefined ? 0 : (bucket.records.at(-1) as Record).at + this.#span - t;
    if (held + cost > this.#max) {
      let toFree = held + cost - this.#max;
      let wait = 0;
      const records = (bucket as Bucket).records;
      for (let i = (bucket as Bucket).start; toFree > 0; i++) {
        const record = records[i] as Record;
        toFree -= record.units;
        wait = record.at + this.#span - t;
      }
      return { allowed: false, remaining: this.#max - held, retryAfterMs: wait, limit: this.#max, resetAfterMs: reset };
    }
    if (cost > 0) {
      const target = bucket ?? { records: [], start: 0, held: 0 };
      if (bucket === undefined) this.#buckets.set(key, target);
      target.records.push({ at: t, units: cost });
      target.held += cost;
      this.#notes.push({ key, idleAt: t + this.#span });
    }
    return {
      allowed: true,
      remaining: this.#max - held - cost,
      retryAfterMs: 0,
      limit: this.#max,
      resetAfterMs: cost > 0 ? this.#span : reset,
    };
  }

  #tick(): Milliseconds {
    const reading: unknown = this.#clock();
    const message = `Expected \`now()\` to return a finite number of milliseconds, got ${quote(reading)}`;
    if (typeof reading !== 'number') throw new TypeError(message);
    if (!Number.isFinite(reading)) throw new RangeError(message);
    this.#time = Math.max(this.#time, reading);
    return this.#time;
  }

  #expire(bucket: Bucket, t: Milliseconds): void {
    const records = bucket.records;
    while (bucket.start < records.length && (records[bucket.start] as Record).at + this.#span <= t) {
      bucket.held -= (records[bucket.start] as Record).units;
      bucket.start++;
    }
    if (bucket.start > 16 && bucket.start * 2 >= records.length) {
      records.splice(0, bucket.start);
      bucket.start = 0;
    }
  }

  #sweep(t: Milliseconds): void {
    while (this.#noteStart < this.#notes.length) {
      const note = this.#notes[this.#noteStart] as Note;
      if (note.idleAt > t) break;
      this.#noteStart++;
      const bucket = this.#buckets.get(note.key);
      // Stale when the key admitted again after this note.
      if (bucket !== undefined && (bucket.records.at(-1) as Record).at + this.#span <= t)
        this.#buckets.delete(note.key);
    }
    if (this.#noteStart > 16 && this.#noteStart * 2 >= this.#notes.length) {
      this.#notes = this.#notes.slice(this.#noteStart);
      this.#noteStart = 0;
    }
  }
}
