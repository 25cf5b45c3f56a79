/**
 * A separate Node process for the level 2 spec: its own ioredis connection, its own limiter on the prefix and key
 * the spec names, and as many requests at once as it is told. Its clock is off by CLOCK_SKEW_MS (Date.now only),
 * like a server of a fleet whose clock drifted: a limiter that reads the client's clock is caught.
 *
 * Env: IMPL_FILE (the implementation under test), REDIS_URL (the shared server), CLOCK_SKEW_MS.
 */
import Redis from 'ioredis';
import type { Decision, DistributedRateLimiter } from '../../../katas/distributed-rate-limiter/index.ts';
import { connectionOptions } from '../../support/redis/server.ts';
import { serve } from '../../support/redis/workers.ts';

const implFile = process.env.IMPL_FILE;
const redisUrl = process.env.REDIS_URL;
if (implFile === undefined || redisUrl === undefined) throw new Error('IMPL_FILE and REDIS_URL are required');

const skew = Number(process.env.CLOCK_SKEW_MS ?? '0');
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + skew;

const { DistributedRateLimiter: Limiter } = (await import(implFile)) as {
  DistributedRateLimiter: typeof DistributedRateLimiter;
};

const where = connectionOptions(redisUrl);
const options = { maxRetriesPerRequest: 1, connectTimeout: 2_000 };
const redis = 'path' in where ? new Redis(where.path, options) : new Redis(where.url, options);
redis.on('error', () => {});

export interface HammerRequest {
  readonly prefix: string;
  readonly key: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** Requests sent at once (all in flight together). */
  readonly requests: number;
}

export interface HammerResult {
  readonly allowed: number;
  readonly denied: number;
  /** How many decisions came from each source ('redis', 'fail-closed', …). */
  readonly sources: Record<string, number>;
  readonly pid: number;
}

serve(async (message: HammerRequest): Promise<HammerResult> => {
  const limiter = new Limiter({
    redis,
    prefix: message.prefix,
    capacity: message.capacity,
    refillPerSecond: message.refillPerSecond,
    // A loaded machine must not turn into fail-closed denials: the spec counts admissions exactly.
    failurePolicy: 'fail-closed',
    timeoutMs: 20_000,
  });
  const decisions: Decision[] = await Promise.all(
    Array.from({ length: message.requests }, () => limiter.tryAcquire(message.key)),
  );
  const sources: Record<string, number> = {};
  for (const decision of decisions) sources[decision.source] = (sources[decision.source] ?? 0) + 1;
  const allowed = decisions.filter((decision) => decision.allowed).length;
  return { allowed, denied: decisions.length - allowed, sources, pid: process.pid };
});
