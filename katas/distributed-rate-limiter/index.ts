/**
 * Distributed rate limiter on Redis — your implementation goes here.
 *
 * Read katas/distributed-rate-limiter/README.md for the contract, level by level. `npm run kata
 * distributed-rate-limiter` runs the specs on every save (they need a `redis-server` on the machine; the specs start
 * a private one). Replace each `throw` with real code; keep the exported names and signatures, the specs import them.
 *
 * You never open a connection: the caller passes an ioredis client in the options. Import only its type from
 * 'ioredis' (`import type`), as below.
 */
import type Redis from 'ioredis';

/** Milliseconds. */
export type Milliseconds = number;

/** Level 3. What a decision is when Redis cannot give one: allow everything, or deny everything. */
export type FailurePolicy = 'fail-open' | 'fail-closed';

/** Level 4. Which algorithm (and key layout) the limiter uses. */
export type Algorithm = 'token-bucket' | 'gcra';

/** The answer to one request: the in-memory token bucket's decision, plus where it came from. */
export interface Decision {
  /** Whether the request was allowed (and its tokens taken). */
  readonly allowed: boolean;
  /** Whole tokens left in the key's bucket after this decision (rounded down). `0` when Redis gave no answer. */
  readonly remaining: number;
  /**
   * `0` when allowed. When denied by Redis, the least whole number of milliseconds (of the server's clock) after
   * which the same request is allowed, if nothing else happens meanwhile. `0` when Redis gave no answer.
   */
  readonly retryAfterMs: Milliseconds;
  /** The capacity. */
  readonly limit: number;
  /** `'redis'` when the script decided; otherwise the failure policy that did (level 3). */
  readonly source: 'redis' | FailurePolicy;
}

export interface DistributedRateLimiterOptions {
  /** Level 1. The ioredis client to use (the caller owns it: the limiter never connects or disconnects it). */
  readonly redis: Redis;
  /** Level 1. Most tokens a bucket holds; a positive safe integer. Every bucket starts full. */
  readonly capacity: number;
  /** Level 1. Tokens added per second, continuously (fractions count); a positive finite number. */
  readonly refillPerSecond: number;
  /** Level 1. Every key the limiter writes starts with this. Default `'ratelimit:'`. */
  readonly prefix?: string;
  /** Level 3. The decision when Redis fails or is too slow. Default `'fail-open'`. */
  readonly failurePolicy?: FailurePolicy;
  /** Level 3. How long a decision may wait for Redis before the failure policy answers; a positive integer. Default 100. */
  readonly timeoutMs?: Milliseconds;
  /** Level 4. Default `'token-bucket'`. */
  readonly algorithm?: Algorithm;
}

export class DistributedRateLimiter {
  /**
   * Level 1. A limiter whose buckets live in Redis, one per key, shared by every process using the same prefix.
   * @throws TypeError when an option has the wrong type; RangeError when a value is out of range.
   */
  constructor(options: DistributedRateLimiterOptions) {
    void options;
    throw new Error('Not implemented: DistributedRateLimiter constructor (katas/distributed-rate-limiter/index.ts)');
  }

  /** Level 1. The capacity given. */
  get capacity(): number {
    throw new Error('Not implemented: DistributedRateLimiter.capacity');
  }

  /** Level 1. The refill rate given, in tokens per second. */
  get refillPerSecond(): number {
    throw new Error('Not implemented: DistributedRateLimiter.refillPerSecond');
  }

  /** Level 3. The failure policy in force. */
  get failurePolicy(): FailurePolicy {
    throw new Error('Not implemented: DistributedRateLimiter.failurePolicy');
  }

  /** Level 3. The timeout in force, in milliseconds. */
  get timeoutMs(): Milliseconds {
    throw new Error('Not implemented: DistributedRateLimiter.timeoutMs');
  }

  /** Level 4. The algorithm in force. */
  get algorithm(): Algorithm {
    throw new Error('Not implemented: DistributedRateLimiter.algorithm');
  }

  /**
   * Level 1. Takes `cost` tokens from `key`'s bucket if it holds that many, else takes nothing and denies — in one
   * Lua script, one round trip (EVALSHA). `key` defaults to `''`; `cost` is an integer from 0 to the capacity (0 is
   * a peek). Bad arguments reject with a TypeError or RangeError; a Redis failure never rejects (level 3).
   */
  tryAcquire(key = '', cost = 1): Promise<Decision> {
    void key;
    void cost;
    throw new Error('Not implemented: DistributedRateLimiter.tryAcquire');
  }
}
