/**
 * Token bucket rate limiter — your implementation goes here.
 *
 * Read katas/token-bucket/README.md for the contract, level by level. `npm run kata token-bucket` runs the specs
 * on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** The answer to one request. */
export interface Decision {
  /** Whether the request was allowed (and its tokens taken). */
  readonly allowed: boolean;
  /** Whole tokens left in the key's bucket after this decision (rounded down). */
  readonly remaining: number;
  /**
   * Level 2. `0` when allowed. When denied, the least wait in milliseconds (a whole number) after which the same
   * request is allowed, if nothing else happens meanwhile.
   */
  readonly retryAfterMs: Milliseconds;
  /** The capacity. */
  readonly limit: number;
  /** Level 2. Milliseconds (whole, rounded up) until the bucket is full again if nothing more is taken. */
  readonly resetAfterMs?: Milliseconds;
}

export interface TokenBucketOptions {
  /** Level 1. Most tokens a bucket holds; a positive safe integer. Every bucket starts full. */
  readonly capacity: number;
  /** Level 1. Tokens added per second, continuously (fractions of a token count); a positive finite number. */
  readonly refillPerSecond: number;
  /** Level 1. The clock, in milliseconds. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
}

export interface AcquireOptions {
  /** Level 4. Aborting it removes the waiter from the queue and rejects its promise with `signal.reason`. */
  readonly signal?: AbortSignal;
}

export class TokenBucket {
  /**
   * Level 1. A limiter with one bucket per key.
   * @throws TypeError when an option has the wrong type; RangeError when a number is out of range.
   */
  constructor(options: TokenBucketOptions) {
    void options;
    throw new Error('Not implemented: TokenBucket constructor (katas/token-bucket/index.ts)');
  }

  /** Level 1. The capacity given. */
  get capacity(): number {
    throw new Error('Not implemented: TokenBucket.capacity');
  }

  /** Level 1. The refill rate given, in tokens per second. */
  get refillPerSecond(): number {
    throw new Error('Not implemented: TokenBucket.refillPerSecond');
  }

  /**
   * Level 1. Takes `cost` tokens from `key`'s bucket if it holds that many, else takes nothing and denies.
   * `key` defaults to `''`, the one shared key. Level 2: `cost` is an integer from 0 to the capacity (0 is a peek).
   */
  tryAcquire(key = '', cost = 1): Decision {
    void key;
    void cost;
    throw new Error('Not implemented: TokenBucket.tryAcquire');
  }

  /** Level 3. How many buckets the limiter holds in memory (full buckets are forgotten). */
  get trackedKeys(): number {
    throw new Error('Not implemented: TokenBucket.trackedKeys');
  }

  /**
   * Level 4. Resolves with an allowed decision once `cost` tokens have been taken for `key`; waiters of one key
   * are served in the order they called, and `tryAcquire` never jumps ahead of them.
   */
  acquire(key = '', cost = 1, options: AcquireOptions = {}): Promise<Decision> {
    void key;
    void cost;
    void options;
    throw new Error('Not implemented: TokenBucket.acquire');
  }
}
