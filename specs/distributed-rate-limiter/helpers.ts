/**
 * What every distributed-rate-limiter spec file shares: the implementation under test, a client per file, a fresh
 * key prefix per test, and the keyspace check (no key without a TTL) after every test.
 */
import type Redis from 'ioredis';
import { afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type {
  Decision,
  DistributedRateLimiterOptions,
  DistributedRateLimiter as Limiter,
} from '../../katas/distributed-rate-limiter/index.ts';
import { loadKata } from '../support/kata.ts';
import { connect, keysWithoutTtl, uniquePrefix } from '../support/redis.ts';

export const { DistributedRateLimiter } =
  await loadKata<typeof import('../../katas/distributed-rate-limiter/index.ts')>('distributed-rate-limiter');

export type { Decision, Limiter };

/** Options without the client and the prefix, which `useLimiters` fills in. */
export type LimiterOptions = Omit<DistributedRateLimiterOptions, 'redis' | 'prefix'> & { readonly prefix?: string };

export interface Limiters {
  /** The file's client (valid inside tests and hooks). */
  readonly redis: () => Redis;
  /** This test's key prefix. */
  readonly prefix: () => string;
  /** A limiter on the file's client and this test's prefix. */
  make(options: LimiterOptions): Limiter;
}

/**
 * For a suite on the shared server: one client for the suite, a fresh prefix per test, and after each test a
 * scan of that prefix that fails on any key without a TTL.
 */
export function useLimiters(label: string): Limiters {
  let client: Redis | undefined;
  let prefix = '';
  beforeAll(() => {
    client = connect();
  });
  beforeEach(() => {
    prefix = uniquePrefix(label);
  });
  afterEach(async () => {
    if (client === undefined) return;
    expect(await keysWithoutTtl(client, prefix), 'keys without a TTL').toEqual([]);
  });
  const redis = () => {
    if (client === undefined) throw new Error('the client is made in beforeAll');
    return client;
  };
  return {
    redis,
    prefix: () => prefix,
    make: (options) => new DistributedRateLimiter({ redis: redis(), prefix, ...options }),
  };
}

/** A decision as the token bucket gives it from Redis. */
export function fromRedis(allowed: boolean, remaining: number, retryAfterMs: number, limit: number): Decision {
  return { allowed, remaining, retryAfterMs, limit, source: 'redis' };
}

/** Sends `times` requests one after the other and lists which were allowed. */
export async function allowedRun(limiter: Limiter, times: number, key?: string, cost?: number): Promise<boolean[]> {
  const results: boolean[] = [];
  for (let i = 0; i < times; i++) results.push((await limiter.tryAcquire(key, cost)).allowed);
  return results;
}

/** The decision as plain data (an implementation may return a class instance). */
export async function decide(limiter: Limiter, key?: string, cost?: number): Promise<Decision> {
  return { ...(await limiter.tryAcquire(key, cost)) };
}
