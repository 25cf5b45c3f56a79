import { describe, expect, it, test } from 'vitest';
import { level } from '../support/level.ts';
import {
  allKeys,
  describeRedis,
  describeWithServerClock,
  serverEpoch,
  useServerClock,
  watchCommands,
} from '../support/redis.ts';
import { allowedRun, decide, fromRedis, type LimiterOptions, useLimiters } from './helpers.ts';
import { checkAgainstBucketModel } from './model.ts';

describe(level(4, 'GCRA: one timestamp per key'), () => {
  describeRedis('the algorithm option', () => {
    const { make } = useLimiters('dl-l4-options');

    it("defaults to 'token-bucket' and reports the algorithm given", () => {
      expect(make({ capacity: 1, refillPerSecond: 1 }).algorithm).toBe('token-bucket');
      expect(make({ capacity: 1, refillPerSecond: 1, algorithm: 'gcra' }).algorithm).toBe('gcra');
    });

    test.each(['GCRA', 'leaky-bucket', ''])('rejects algorithm %j with a RangeError', (algorithm) => {
      // @ts-expect-error: not an algorithm on purpose
      const create = () => make({ capacity: 1, refillPerSecond: 1, algorithm });
      expect(create).toThrow(RangeError);
      expect(create).toThrow(`Expected \`algorithm\` to be 'token-bucket' or 'gcra', got \`'${algorithm}'\` (string)`);
    });

    it('rejects an algorithm that is not a string with a TypeError', () => {
      const create = () => make({ capacity: 1, refillPerSecond: 1, algorithm: 4 } as unknown as LimiterOptions);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`algorithm`.*\(number\)/);
    });
  });

  describeWithServerClock('GCRA decisions', () => {
    const clock = useServerClock();
    const { make, redis, prefix } = useLimiters('dl-l4');
    const gcra = (capacity: number, refillPerSecond: number) => make({ capacity, refillPerSecond, algorithm: 'gcra' });

    it('allows the first capacity requests at once, then denies until the TAT allows one more', async () => {
      const limiter = gcra(3, 1);
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 2, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 1, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 1000, 3));
      await clock.advance(520); // t=520
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 480, 3));
      await clock.advance(480); // t=1000
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, 3));
    });

    test.each([
      { capacity: 1, rate: 1, cost: 1, retry: 1000 },
      { capacity: 5, rate: 2, cost: 3, retry: 1500 },
      { capacity: 10, rate: 0.25, cost: 1, retry: 4000 },
      { capacity: 3000, rate: 1000, cost: 3, retry: 3 },
      { capacity: 7, rate: 4, cost: 7, retry: 1750 },
    ])(
      'honours retryAfterMs exactly: capacity $capacity, $rate/s, cost $cost waits $retry ms; 1 ms less is not enough',
      async ({ capacity, rate, cost, retry }) => {
        const limiter = gcra(capacity, rate);
        await limiter.tryAcquire('k', capacity);
        expect(await decide(limiter, 'k', cost)).toEqual(fromRedis(false, 0, retry, capacity));
        await clock.advance(retry - 1);
        expect((await limiter.tryAcquire('k', cost)).allowed).toBe(false);
        await clock.advance(1);
        expect((await limiter.tryAcquire('k', cost)).allowed).toBe(true);
      },
    );

    it('holds at most the capacity after a long idle time (the TAT is never behind the clock)', async () => {
      const limiter = gcra(3, 1);
      await limiter.tryAcquire('k', 3);
      await clock.advance(3_600_000);
      expect(await allowedRun(limiter, 4, 'k')).toEqual([true, true, true, false]);
    });

    it('adds up fractions of a token across calls and needs a whole cost at once', async () => {
      const limiter = gcra(5, 1);
      expect(await decide(limiter, 'k', 5)).toEqual(fromRedis(true, 0, 0, 5));
      await clock.advance(700); // t=700: 0.7 of a token
      expect(await decide(limiter, 'k', 2)).toEqual(fromRedis(false, 0, 1300, 5));
      await clock.advance(700); // t=1400: 1.4 tokens
      expect(await decide(limiter, 'k', 1)).toEqual(fromRedis(true, 0, 0, 5));
      await clock.advance(600); // t=2000: 1 token
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 1, 0, 5));
    });

    it('keeps one string key per bucket holding the TAT: the server instant the bucket is full again', async () => {
      const limiter = gcra(4, 2);
      await limiter.tryAcquire('k', 3); // 3 tokens at 2/s: full again 1500 ms from now
      const keys = await allKeys(redis(), prefix());
      expect(keys).toHaveLength(1);
      const key = keys[0] as string;
      expect(await redis().type(key)).toBe('string');
      expect(Number(await redis().get(key))).toBe(serverEpoch + 1500);
      expect(Number(await redis().call('PEXPIRETIME', key))).toBe(serverEpoch + 1500); // it expires at its TAT
      await clock.advance(500);
      await limiter.tryAcquire('k', 1); // 2 missing at t=500, one more: full at 500 + 1500
      expect(Number(await redis().get(key))).toBe(serverEpoch + 2000);
      expect(Number(await redis().call('PEXPIRETIME', key))).toBe(serverEpoch + 2000);
    });

    it('writes no key for a peek of an unknown key and removes the key once the TAT has passed', async () => {
      const limiter = gcra(2, 1);
      await limiter.tryAcquire('k', 0);
      expect(await allKeys(redis(), prefix())).toEqual([]);
      await limiter.tryAcquire('k');
      await clock.advance(1_000);
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 2, 0, 2));
      expect(await allKeys(redis(), prefix())).toEqual([]);
    });

    it('adds no tokens when the server clock steps back, and never reports fewer than 0 left', async () => {
      const limiter = gcra(1, 1);
      await clock.advance(10_000);
      await limiter.tryAcquire('k');
      await clock.advance(-5_000);
      expect((await limiter.tryAcquire('k')).allowed).toBe(false);
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 0, 0, 1)); // a peek is still allowed
    });

    it('decides in one round trip (one EVALSHA)', async () => {
      const limiter = gcra(3, 1);
      await limiter.tryAcquire('warm-up', 0);
      const seen = await watchCommands(async () => {
        await limiter.tryAcquire('k');
        await limiter.tryAcquire('k', 3);
      });
      expect(seen.fromClients).toEqual(['evalsha', 'evalsha']);
    });

    it('gives the same decisions as the token bucket on the same traffic', async () => {
      const bucket = make({ capacity: 4, refillPerSecond: 2 });
      const cell = make({ capacity: 4, refillPerSecond: 2, algorithm: 'gcra' });
      const traffic: [advance: number, cost: number][] = [
        [0, 1],
        [0, 3],
        [0, 1],
        [250, 1],
        [249, 1],
        [1, 1],
        [10_000, 4],
        [100, 0],
        [400, 2],
        [500, 1],
      ];
      const seenBucket = [];
      const seenCell = [];
      for (const [ms, cost] of traffic) {
        await clock.advance(ms);
        seenBucket.push(await decide(bucket, 'k', cost));
        seenCell.push(await decide(cell, 'other', cost));
      }
      expect(seenCell).toEqual(seenBucket);
    });
  });

  describeWithServerClock('against a model', () => {
    const clock = useServerClock();
    const { redis } = useLimiters('dl-l4-model');

    it('matches a token bucket simulated one millisecond at a time (GCRA is the same limit)', async () => {
      await checkAgainstBucketModel({ redis, clock, algorithm: 'gcra' });
    }, 30_000);
  });
});
