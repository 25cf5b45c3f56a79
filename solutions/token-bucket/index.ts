/**
 * Token bucket — reference solution.
 *
 * Each key owns a bucket of at most `capacity` tokens that refills continuously at `refillPerSecond`; a request
 * of cost c takes c tokens or is denied. Instead of a timer per bucket, the level is brought up to date lazily
 * from the time elapsed since the bucket was last touched (the classic formulation: Turner 1986; the same lazy
 * refill as Guava's RateLimiter and most API gateways).
 *
 * Units: the level is kept in milli-token "credits" (1 token = 1000 credits), because a rate of r tokens/s then
 * adds exactly r credits per millisecond. With integer (or binary-fraction) rates and an integer clock every
 * credit is an exact float, so "520 ms at 1 token/s" is exactly 520 credits and no rounding can allow a request
 * one millisecond early or deny it one millisecond late.
 *
 * Memory: a full bucket is the same as no bucket, so full buckets are forgotten. Buckets sit in a doubly linked
 * list in the order they were last touched; each call first drops full buckets from the least recently touched
 * end. A bucket untouched for a whole fill time (capacity / rate) is full, so after a call at time t nothing
 * touched at or before t − fillTime is held. Each bucket is dropped at most once per creation: amortised O(1).
 */

export type Milliseconds = number;

export interface Decision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly now?: () => Milliseconds;
}

export interface AcquireOptions {
  readonly signal?: AbortSignal;
}

/** Thousandths of a token: a rate of r tokens per second adds exactly r credits per millisecond. */
type Credits = number;
const creditsPerToken = 1000;

interface Waiter {
  readonly cost: number;
  readonly resolve: (decision: Decision) => void;
  readonly reject: (reason: unknown) => void;
  /** Set once served or aborted; a settled waiter is skipped when it reaches the head of the queue. */
  settled: boolean;
  /** Removes the abort listener, once the waiter is settled. */
  detach: () => void;
}

/** The waiters of one key, FIFO: an array with a moving head, compacted now and then (amortised O(1) shift). */
interface Queue {
  items: Waiter[];
  head: number;
  /** Credits the live waiters need in total; a `tryAcquire` behind them must wait for all of it. */
  demand: Credits;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Bucket {
  readonly key: string;
  credits: Credits;
  /** The limiter's elapsed time at the last refill. */
  last: Milliseconds;
  queue: Queue | undefined;
  /** Neighbours in the touch order; the sentinel `#list` closes the circle. */
  prev: Bucket;
  next: Bucket;
}

export class TokenBucket {
  readonly #capacity: number;
  readonly #rate: number;
  readonly #full: Credits;
  readonly #now: () => Milliseconds;
  /**
   * The limiter's own elapsed time: the sum of the clock's forward steps between readings. A backward step adds
   * nothing, so tokens are never earned from it, and refill does not freeze until the clock catches up. Being
   * monotonic, it also keeps the touch order sorted by time, which the forgetting below relies on.
   */
  #elapsed: Milliseconds = 0;
  #lastReading: Milliseconds | undefined;
  readonly #buckets = new Map<string, Bucket>();
  /** Sentinel: `#list.next` is the least recently touched bucket, `#list.prev` the most recent. */
  readonly #list: Bucket;

  constructor(options: TokenBucketOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    this.#capacity = checkCapacity(options.capacity);
    this.#rate = checkRate(options.refillPerSecond);
    this.#full = this.#capacity * creditsPerToken;
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    const list = { key: '', credits: 0, last: 0, queue: undefined } as unknown as Bucket;
    list.prev = list;
    list.next = list;
    this.#list = list;
  }

  get capacity(): number {
    return this.#capacity;
  }

  get refillPerSecond(): number {
    return this.#rate;
  }

  get trackedKeys(): number {
    return this.#buckets.size;
  }

  tryAcquire(key = '', cost = 1): Decision {
    checkKey(key);
    checkCost(cost, this.#capacity);
    const now = this.#tick();
    this.#forgetFull(now);
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      // No bucket is a full bucket: a peek needs none, a real request creates one.
      if (cost === 0) return this.#decision(true, this.#full, 0);
      return this.#decision(true, this.#take(this.#create(key, now), cost), 0);
    }
    this.#refill(bucket, now);
    this.#serve(bucket);
    const demand = (bucket.queue?.demand ?? 0) + cost * creditsPerToken;
    if (cost === 0 || demand <= bucket.credits) {
      const credits = cost === 0 ? bucket.credits : this.#take(bucket, cost);
      this.#forgetIfFull(bucket);
      return this.#decision(true, credits, 0);
    }
    // Waiters go first: this request is served once their demand and its own cost have refilled.
    return this.#decision(false, bucket.credits, this.#waitFor(demand - bucket.credits));
  }

  acquire(key = '', cost = 1, options: AcquireOptions = {}): Promise<Decision> {
    try {
      checkKey(key);
      checkCost(cost, this.#capacity);
      if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
        throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describe(options.signal)}`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#tick();
    this.#forgetFull(now);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) bucket = this.#create(key, now);
    else {
      this.#refill(bucket, now);
      this.#serve(bucket);
    }
    if (bucket.queue === undefined && cost * creditsPerToken <= bucket.credits) {
      const credits = this.#take(bucket, cost);
      this.#forgetIfFull(bucket);
      return Promise.resolve(this.#decision(true, credits, 0));
    }
    const target = bucket;
    return new Promise<Decision>((resolve, reject) => {
      const waiter: Waiter = { cost, resolve, reject, settled: false, detach: () => {} };
      if (signal !== undefined) {
        const onAbort = () => this.#abort(target, waiter, signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      target.queue ??= { items: [], head: 0, demand: 0, timer: undefined };
      const queue = target.queue;
      queue.items.push(waiter);
      queue.demand += cost * creditsPerToken;
      this.#schedule(target);
    });
  }

  /** Reads the clock and returns the limiter's elapsed time (see `#elapsed`). */
  #tick(): Milliseconds {
    const reading = this.#now();
    if (this.#lastReading !== undefined && reading > this.#lastReading) this.#elapsed += reading - this.#lastReading;
    this.#lastReading = reading;
    return this.#elapsed;
  }

  /** Adds the credits earned since the last refill, capped at the capacity. */
  #refill(bucket: Bucket, now: Milliseconds): void {
    bucket.credits = Math.min(this.#full, bucket.credits + (now - bucket.last) * this.#rate);
    bucket.last = now;
    this.#touch(bucket);
  }

  #take(bucket: Bucket, cost: number): Credits {
    bucket.credits -= cost * creditsPerToken;
    return bucket.credits;
  }

  /** Serves the waiters at the head of the queue that the current credits cover, in order. */
  #serve(bucket: Bucket): void {
    const queue = bucket.queue;
    if (queue === undefined) return;
    while (queue.head < queue.items.length) {
      const waiter = queue.items[queue.head] as Waiter;
      if (!waiter.settled) {
        // The head waits for its whole cost, even if later, smaller waiters could go now: no starvation.
        if (waiter.cost * creditsPerToken > bucket.credits) break;
        bucket.credits -= waiter.cost * creditsPerToken;
        queue.demand -= waiter.cost * creditsPerToken;
        waiter.settled = true;
        waiter.detach();
        waiter.resolve(this.#decision(true, bucket.credits, 0));
      }
      queue.head++;
    }
    if (queue.head === queue.items.length) {
      if (queue.timer !== undefined) clearTimeout(queue.timer);
      bucket.queue = undefined;
    } else if (queue.head > 64 && queue.head * 2 > queue.items.length) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
  }

  /** One timer per waiting key, due when the head waiter's cost has refilled. */
  #schedule(bucket: Bucket): void {
    const queue = bucket.queue;
    if (queue === undefined) return;
    if (queue.timer !== undefined) clearTimeout(queue.timer);
    const head = queue.items[queue.head] as Waiter;
    const delay = this.#waitFor(head.cost * creditsPerToken - bucket.credits);
    queue.timer = setTimeout(() => {
      queue.timer = undefined;
      const now = this.#tick();
      this.#forgetFull(now);
      this.#refill(bucket, now);
      this.#serve(bucket);
      this.#schedule(bucket);
    }, delay);
  }

  #abort(bucket: Bucket, waiter: Waiter, reason: unknown): void {
    if (waiter.settled) return;
    waiter.settled = true;
    const queue = bucket.queue as Queue;
    queue.demand -= waiter.cost * creditsPerToken;
    waiter.reject(reason);
    // The aborted waiter may have been the head: those behind it may be served now, or need another wake time.
    this.#refill(bucket, this.#tick());
    this.#serve(bucket);
    this.#schedule(bucket);
    this.#forgetIfFull(bucket);
  }

  /** The least whole number of milliseconds after which `missing` credits have refilled. */
  #waitFor(missing: Credits): Milliseconds {
    if (missing <= 0) return 0;
    let ms = Math.ceil(missing / this.#rate);
    // Division can land a hair above an integer (1000 / 0.1 = 10000.000000000002): take the earlier instant
    // when it already suffices.
    if ((ms - 1) * this.#rate >= missing) ms--;
    return ms;
  }

  #decision(allowed: boolean, credits: Credits, retryAfterMs: Milliseconds): Decision {
    return {
      allowed,
      remaining: Math.floor(credits / creditsPerToken),
      retryAfterMs,
      limit: this.#capacity,
      resetAfterMs: this.#waitFor(this.#full - credits),
    };
  }

  #create(key: string, now: Milliseconds): Bucket {
    const list = this.#list;
    const bucket: Bucket = { key, credits: this.#full, last: now, queue: undefined, prev: list.prev, next: list };
    list.prev.next = bucket;
    list.prev = bucket;
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /** Moves the bucket to the most recently touched end. */
  #touch(bucket: Bucket): void {
    const list = this.#list;
    if (list.prev === bucket) return;
    bucket.prev.next = bucket.next;
    bucket.next.prev = bucket.prev;
    bucket.prev = list.prev;
    bucket.next = list;
    list.prev.next = bucket;
    list.prev = bucket;
  }

  /**
   * Drops full buckets from the least recently touched end, stopping at the first that is not full (or has
   * waiters). Everything behind it was touched later, so after this call no bucket idle for a whole fill time
   * remains; each bucket is dropped once, so the cost is amortised O(1) per call.
   */
  #forgetFull(now: Milliseconds): void {
    const list = this.#list;
    for (let oldest = list.next; oldest !== list; oldest = list.next) {
      if (oldest.queue !== undefined) return;
      if (oldest.credits + (now - oldest.last) * this.#rate < this.#full) return;
      this.#drop(oldest);
    }
  }

  #forgetIfFull(bucket: Bucket): void {
    if (bucket.queue === undefined && bucket.credits >= this.#full) this.#drop(bucket);
  }

  #drop(bucket: Bucket): void {
    bucket.prev.next = bucket.next;
    bucket.next.prev = bucket.prev;
    this.#buckets.delete(bucket.key);
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkCapacity(capacity: unknown): number {
  if (typeof capacity !== 'number') {
    throw new TypeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`Expected \`capacity\` to be a positive integer, got ${describe(capacity)}`);
  }
  return capacity;
}

function checkRate(rate: unknown): number {
  if (typeof rate !== 'number') {
    throw new TypeError(`Expected \`refillPerSecond\` to be a positive finite number, got ${describe(rate)}`);
  }
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`Expected \`refillPerSecond\` to be a positive finite number, got ${describe(rate)}`);
  }
  return rate;
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${describe(key)}`);
}

function checkCost(cost: unknown, capacity: number): void {
  const expected = `Expected \`cost\` to be an integer from 0 to the capacity (${capacity})`;
  if (typeof cost !== 'number') throw new TypeError(`${expected}, got ${describe(cost)}`);
  if (!Number.isInteger(cost) || cost < 0 || cost > capacity)
    throw new RangeError(`${expected}, got ${describe(cost)}`);
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
