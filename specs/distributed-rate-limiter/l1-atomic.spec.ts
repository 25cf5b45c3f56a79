import { describe, expect, it, test } from 'vitest';
import { level } from '../support/level.ts';
import {
  allKeys,
  describeRedis,
  describeWithServerClock,
  keysWithoutTtl,
  serverEpoch,
  useServerClock,
  watchCommands,
} from '../support/redis.ts';
import { allowedRun, DistributedRateLimiter, decide, fromRedis, type LimiterOptions, useLimiters } from './helpers.ts';
import { checkAgainstBucketModel } from './model.ts';

describe(level(1, 'Atomic token bucket in one script'), () => {
  describeRedis('constructor and bad input', () => {
    const { make, redis, prefix } = useLimiters('dl-l1-input');

    test.each([
      { capacity: 1, refillPerSecond: 1 },
      { capacity: 10, refillPerSecond: 0.5 },
      { capacity: Number.MAX_SAFE_INTEGER, refillPerSecond: 1e6 },
    ])('accepts capacity $capacity at $refillPerSecond tokens/s and reports both', (options) => {
      const limiter = make(options);
      expect([limiter.capacity, limiter.refillPerSecond]).toEqual([options.capacity, options.refillPerSecond]);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects capacity %s with a RangeError naming capacity and the value',
      (capacity) => {
        const create = () => make({ capacity, refillPerSecond: 1 });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/`capacity` to be a positive integer/);
        expect(create).toThrow(`\`${String(capacity)}\` (number)`);
      },
    );

    test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects refillPerSecond %s with a RangeError naming refillPerSecond',
      (refillPerSecond) => {
        const create = () => make({ capacity: 1, refillPerSecond });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/`refillPerSecond` to be a positive finite number/);
        expect(create).toThrow(`\`${String(refillPerSecond)}\` (number)`);
      },
    );

    test.each([
      ['capacity', '3', 'string'],
      ['capacity', undefined, 'undefined'],
      ['capacity', null, 'null'],
      ['refillPerSecond', '1', 'string'],
      ['refillPerSecond', undefined, 'undefined'],
      ['prefix', 7, 'number'],
      ['prefix', null, 'null'],
    ])('rejects %s = %s (wrong type) with a TypeError naming it and the type got', (name, value, type) => {
      // Wrongly typed on purpose (a computed key is not checked by the compiler, hence the cast).
      const options = { capacity: 1, refillPerSecond: 1, [name]: value } as unknown as LimiterOptions;
      const create = () => make(options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(`\`${name}\``);
      expect(create).toThrow(`(${type})`);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'redis://localhost'],
      ['an object without evalsha', { get: () => null }],
    ])('rejects redis = %s with a TypeError naming redis', (_label, value) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => new DistributedRateLimiter({ redis: value, capacity: 1, refillPerSecond: 1 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`redis`/);
    });

    test.each([
      ['a number', 5, 'number'],
      ['null', null, 'null'],
      ['an object', {}, 'object'],
    ])('rejects key = %s with a TypeError naming key (the promise rejects)', async (_label, key, type) => {
      const limiter = make({ capacity: 2, refillPerSecond: 1 });
      // @ts-expect-error: wrongly typed on purpose
      const call = limiter.tryAcquire(key, 1);
      await expect(call).rejects.toThrow(TypeError);
      await expect(limiter.tryAcquire(key as unknown as string)).rejects.toThrow('`key` to be a string, got');
      await expect(limiter.tryAcquire(key as unknown as string)).rejects.toThrow(`(${type})`);
      expect(await allKeys(redis(), prefix())).toEqual([]);
    });

    test.each([-1, 1.5, Number.NaN, 6, Number.POSITIVE_INFINITY])(
      'rejects cost %s with a RangeError naming cost and the capacity, and changes nothing',
      async (cost) => {
        const limiter = make({ capacity: 5, refillPerSecond: 1 });
        const call = limiter.tryAcquire('k', cost);
        await expect(call).rejects.toThrow(RangeError);
        await expect(limiter.tryAcquire('k', cost)).rejects.toThrow(
          `Expected \`cost\` to be an integer from 0 to the capacity (5), got \`${String(cost)}\` (number)`,
        );
        expect(await allKeys(redis(), prefix())).toEqual([]);
      },
    );

    it('rejects cost "2" (a string) with a TypeError', async () => {
      const limiter = make({ capacity: 5, refillPerSecond: 1 });
      // @ts-expect-error: wrongly typed on purpose
      await expect(limiter.tryAcquire('k', '2')).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(limiter.tryAcquire('k', '2')).rejects.toThrow(/`cost`.*\(string\)/);
    });
  });

  // Keys expire at instants on the TIME clock (PEXPIREAT), which these tests freeze in 2031: no key expires by
  // itself under a test; a bucket that is full again is found by the script.
  describeWithServerClock('decisions on the server clock', () => {
    const clock = useServerClock();
    const { make } = useLimiters('dl-l1');

    it('allows the first capacity requests of a new key at once (buckets start full), then denies', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 2, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 1, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, 3));
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 1000, 3));
    });

    it('follows the README example: 0.52 of a token is not a token, 1000 ms later it is', async () => {
      const limiter = make({ capacity: 2, refillPerSecond: 1 });
      expect(await allowedRun(limiter, 3, 'alice')).toEqual([true, true, false]);
      await clock.advance(520); // t=520
      expect(await decide(limiter, 'alice')).toEqual(fromRedis(false, 0, 480, 2));
      await clock.advance(480); // t=1000
      expect(await decide(limiter, 'alice')).toEqual(fromRedis(true, 0, 0, 2));
    });

    it('uses the default key "" when none is given', async () => {
      const limiter = make({ capacity: 1, refillPerSecond: 1 });
      expect(await allowedRun(limiter, 1)).toEqual([true]);
      expect((await limiter.tryAcquire('')).allowed).toBe(false);
      expect((await limiter.tryAcquire('other')).allowed).toBe(true);
    });

    test.each([
      { capacity: 1, rate: 1, before: 999, at: 1000 },
      { capacity: 2, rate: 2, before: 499, at: 500 },
      { capacity: 1, rate: 0.5, before: 1999, at: 2000 },
      { capacity: 5, rate: 4, before: 249, at: 250 },
      { capacity: 4000, rate: 500, before: 1, at: 2 },
      { capacity: 1000, rate: 8, before: 124, at: 125 },
    ])(
      'capacity $capacity at $rate/s, drained: denied $before ms later, allowed at $at ms',
      async ({ capacity, rate, before, at }) => {
        const limiter = make({ capacity, refillPerSecond: rate });
        expect((await limiter.tryAcquire('k', capacity)).allowed).toBe(true);
        await clock.advance(before);
        expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, at - before, capacity));
        await clock.advance(at - before);
        expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, capacity));
      },
    );

    it('adds up fractions of a token across calls (refill is continuous)', async () => {
      const limiter = make({ capacity: 1, refillPerSecond: 1 });
      await limiter.tryAcquire('k'); // t=0, empty
      await clock.advance(300); // t=300
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 700, 1));
      await clock.advance(300); // t=600
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 400, 1));
      await clock.advance(400); // t=1000
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, 1));
    });

    it('never holds more than the capacity, however long the key was idle', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      await limiter.tryAcquire('k', 3); // empty
      await clock.advance(3_600_000); // an hour later
      expect(await allowedRun(limiter, 4, 'k')).toEqual([true, true, true, false]);
      await limiter.tryAcquire('k', 0);
      await clock.advance(10_000);
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 3, 0, 3));
    });

    it('needs all of a cost at once and takes nothing when it denies', async () => {
      const limiter = make({ capacity: 5, refillPerSecond: 1 });
      expect(await decide(limiter, 'k', 4)).toEqual(fromRedis(true, 1, 0, 5));
      expect(await decide(limiter, 'k', 2)).toEqual(fromRedis(false, 1, 1000, 5));
      expect(await decide(limiter, 'k', 1)).toEqual(fromRedis(true, 0, 0, 5));
    });

    it('allows a cost equal to the capacity on a full bucket, and waits a whole fill time after', async () => {
      const limiter = make({ capacity: 4, refillPerSecond: 2 });
      expect(await decide(limiter, 'k', 4)).toEqual(fromRedis(true, 0, 0, 4));
      expect(await decide(limiter, 'k', 4)).toEqual(fromRedis(false, 0, 2000, 4));
    });

    it('treats cost 0 as a peek: always allowed, takes nothing, reports what is left', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 3, 0, 3));
      await limiter.tryAcquire('k', 3);
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 0, 0, 3));
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 0, 0, 3));
      await clock.advance(1_000);
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 1, 0, 3));
      expect(await decide(limiter, 'k', 1)).toEqual(fromRedis(true, 0, 0, 3));
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
        const limiter = make({ capacity, refillPerSecond: rate });
        await limiter.tryAcquire('k', capacity); // empty
        const denied = await decide(limiter, 'k', cost);
        expect(denied).toEqual(fromRedis(false, 0, retry, capacity));
        await clock.advance(retry - 1);
        expect((await limiter.tryAcquire('k', cost)).allowed).toBe(false);
        await clock.advance(1);
        expect((await limiter.tryAcquire('k', cost)).allowed).toBe(true);
      },
    );

    it('keeps keys independent: draining one leaves another full', async () => {
      const limiter = make({ capacity: 2, refillPerSecond: 1 });
      expect(await allowedRun(limiter, 3, 'a')).toEqual([true, true, false]);
      expect(await allowedRun(limiter, 2, 'b')).toEqual([true, true]);
    });

    it('shares a bucket between two limiters with the same prefix (the state is in Redis)', async () => {
      const one = make({ capacity: 2, refillPerSecond: 1 });
      const two = make({ capacity: 2, refillPerSecond: 1 });
      expect((await one.tryAcquire('k')).allowed).toBe(true);
      expect((await two.tryAcquire('k')).allowed).toBe(true);
      expect(await decide(one, 'k')).toEqual(fromRedis(false, 0, 1000, 2));
    });

    it('adds no tokens when the server clock steps back, and resumes refill from the earlier reading', async () => {
      const limiter = make({ capacity: 1, refillPerSecond: 1 });
      await clock.advance(10_000); // t=10000
      await limiter.tryAcquire('k'); // empty
      await clock.advance(-5_000); // t=5000: back by 5 s
      expect(await decide(limiter, 'k')).toEqual(fromRedis(false, 0, 1000, 1));
      await clock.advance(999); // t=5999
      expect((await limiter.tryAcquire('k')).allowed).toBe(false);
      await clock.advance(1); // t=6000: one second after the earlier reading
      expect((await limiter.tryAcquire('k')).allowed).toBe(true);
    });

    it('uses the server clock: the client clock is far from it and refill still follows TIME', async () => {
      // The server clock is frozen in 2031; this process's Date.now() is today.
      const limiter = make({ capacity: 1, refillPerSecond: 1 });
      await limiter.tryAcquire('k');
      expect((await limiter.tryAcquire('k')).allowed).toBe(false);
      await clock.advance(1_000);
      expect((await limiter.tryAcquire('k')).allowed).toBe(true);
    });
  });

  describeWithServerClock('against a model', () => {
    const clock = useServerClock();
    const { redis } = useLimiters('dl-l1-model');

    it('matches a token bucket simulated one millisecond at a time, on random requests and clock steps', async () => {
      await checkAgainstBucketModel({ redis, clock, algorithm: 'token-bucket' });
    }, 30_000);
  });

  describeWithServerClock('keys in Redis', () => {
    const clock = useServerClock();
    const { make, redis, prefix } = useLimiters('dl-l1-keys');

    /** The key's expiry instant in ms since the epoch, read with PEXPIRETIME (Redis 7). */
    async function expiresAt(key: string): Promise<number> {
      return Number(await redis().call('PEXPIRETIME', key));
    }

    it('writes keys under the prefix only, each with a TTL: leaves no key without a TTL', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      const before = new Set(await allKeys(redis(), ''));
      await limiter.tryAcquire('a');
      await limiter.tryAcquire('b', 3);
      await limiter.tryAcquire('b');
      const written = (await allKeys(redis(), '')).filter((key) => !before.has(key));
      expect(written).toHaveLength(2);
      expect(written.filter((key) => !key.startsWith(prefix()))).toEqual([]);
      expect(await keysWithoutTtl(redis(), prefix())).toEqual([]);
    });

    test.each([
      { capacity: 4, rate: 2, cost: 3, full: 1500 },
      { capacity: 10, rate: 0.25, cost: 1, full: 4000 },
      { capacity: 3, rate: 1, cost: 3, full: 3000 },
      { capacity: 5, rate: 3, cost: 1, full: 334 },
    ])(
      'expires a key at the server instant its bucket would be full again: capacity $capacity, $rate/s, cost $cost → t+$full',
      async ({ capacity, rate, cost, full }) => {
        const limiter = make({ capacity, refillPerSecond: rate });
        await limiter.tryAcquire('k', cost);
        const [key] = await allKeys(redis(), prefix());
        expect(key).toBeDefined();
        expect(await expiresAt(key as string)).toBe(serverEpoch + full);
      },
    );

    it('refreshes the expiry on every decision that changes the time to full', async () => {
      const limiter = make({ capacity: 10, refillPerSecond: 1 });
      await limiter.tryAcquire('k', 1); // t=0: full again at t=1000
      const [key] = await allKeys(redis(), prefix());
      expect(await expiresAt(key as string)).toBe(serverEpoch + 1000);
      await clock.advance(500); // t=500: half a token missing
      await limiter.tryAcquire('k', 5); // 5.5 tokens missing: full again at t=6000
      expect(await expiresAt(key as string)).toBe(serverEpoch + 6000);
      await clock.advance(5_000); // t=5500: the bucket lacks 0.5
      await limiter.tryAcquire('k', 0); // a peek: the instant does not move
      expect(await expiresAt(key as string)).toBe(serverEpoch + 6000);
    });

    it('writes no key for a peek of an unknown key, and removes the key once a call finds the bucket full', async () => {
      const limiter = make({ capacity: 2, refillPerSecond: 1 });
      await limiter.tryAcquire('k', 0);
      expect(await allKeys(redis(), prefix())).toEqual([]);
      await limiter.tryAcquire('k', 1);
      expect(await allKeys(redis(), prefix())).toHaveLength(1);
      await clock.advance(1_000); // full again (the key's real-time TTL has not run out yet)
      expect(await decide(limiter, 'k', 0)).toEqual(fromRedis(true, 2, 0, 2));
      expect(await allKeys(redis(), prefix())).toEqual([]);
    });

    it('decides in one round trip: one EVALSHA from the client per decision', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      await limiter.tryAcquire('warm-up', 0); // a client may send the script's text once per connection
      const seen = await watchCommands(async () => {
        await limiter.tryAcquire('k');
        await limiter.tryAcquire('k', 2);
        await limiter.tryAcquire('k');
      });
      expect(seen.fromClients).toEqual(['evalsha', 'evalsha', 'evalsha']);
    });

    it('keeps working after SCRIPT FLUSH (NOSCRIPT: sends the script again), then goes back to EVALSHA', async () => {
      const limiter = make({ capacity: 3, refillPerSecond: 1 });
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 2, 0, 3));
      await redis().script('FLUSH');
      expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 1, 0, 3));
      const seen = await watchCommands(async () => {
        expect(await decide(limiter, 'k')).toEqual(fromRedis(true, 0, 0, 3));
      });
      expect(seen.fromClients).toEqual(['evalsha']);
    });
  });
});
