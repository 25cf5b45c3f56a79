import { once } from 'node:events';
import type Redis from 'ioredis';
import { afterEach, beforeAll, describe, expect, it, test, vi } from 'vitest';
import { level } from '../support/level.ts';
import type { RedisServer } from '../support/redis/server.ts';
import {
  connect,
  describeRedis,
  describeWithOwnServers,
  disconnect,
  startOwnServer,
  uniquePrefix,
} from '../support/redis.ts';
import {
  type Decision,
  DistributedRateLimiter,
  decide,
  fromRedis,
  type LimiterOptions,
  useLimiters,
} from './helpers.ts';

/** The decision a failure policy gives. */
function byPolicy(policy: 'fail-open' | 'fail-closed', limit: number): Decision {
  return { allowed: policy === 'fail-open', remaining: 0, retryAfterMs: 0, limit, source: policy };
}

/** Waits until the client has (re)connected. */
async function ready(client: Redis): Promise<void> {
  if (client.status !== 'ready') await once(client, 'ready');
}

describe(level(3, 'When Redis fails'), () => {
  describeRedis('options', () => {
    const { make } = useLimiters('dl-l3-options');

    it("defaults to 'fail-open' with a 100 ms timeout", () => {
      const limiter = make({ capacity: 1, refillPerSecond: 1 });
      expect([limiter.failurePolicy, limiter.timeoutMs]).toEqual(['fail-open', 100]);
    });

    test.each([
      ['fail-open', 1],
      ['fail-closed', 30_000],
    ] as const)('accepts failurePolicy %s with timeoutMs %s and reports both', (failurePolicy, timeoutMs) => {
      const limiter = make({ capacity: 1, refillPerSecond: 1, failurePolicy, timeoutMs });
      expect([limiter.failurePolicy, limiter.timeoutMs]).toEqual([failurePolicy, timeoutMs]);
    });

    test.each(['open', 'closed', 'FAIL-OPEN', ''])('rejects failurePolicy %j with a RangeError', (failurePolicy) => {
      // @ts-expect-error: not a policy on purpose
      const create = () => make({ capacity: 1, refillPerSecond: 1, failurePolicy });
      expect(create).toThrow(RangeError);
      expect(create).toThrow(
        `Expected \`failurePolicy\` to be 'fail-open' or 'fail-closed', got \`'${failurePolicy}'\``,
      );
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects timeoutMs %s with a RangeError',
      (timeoutMs) => {
        const create = () => make({ capacity: 1, refillPerSecond: 1, timeoutMs });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(
          `Expected \`timeoutMs\` to be a positive integer, got \`${String(timeoutMs)}\` (number)`,
        );
      },
    );

    test.each([
      ['failurePolicy', true, 'boolean'],
      ['failurePolicy', null, 'null'],
      ['timeoutMs', '100', 'string'],
      ['timeoutMs', null, 'null'],
    ])('rejects %s = %s (wrong type) with a TypeError naming it', (name, value, type) => {
      const options = { capacity: 1, refillPerSecond: 1, [name]: value } as unknown as LimiterOptions;
      const create = () => make(options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(`\`${name}\``);
      expect(create).toThrow(`(${type})`);
    });
  });

  describeRedis('a client that cannot reach Redis', () => {
    it.each(['fail-open', 'fail-closed'] as const)(
      'resolves with the %s decision instead of rejecting when the connection is closed',
      async (failurePolicy) => {
        const client = connect();
        await client.ping();
        disconnect(client); // every command now fails at once
        const limiter = new DistributedRateLimiter({
          redis: client,
          prefix: uniquePrefix('dl-l3-closed'),
          capacity: 3,
          refillPerSecond: 1,
          failurePolicy,
        });
        expect(await decide(limiter, 'k')).toEqual(byPolicy(failurePolicy, 3));
        expect(await decide(limiter, 'k', 3)).toEqual(byPolicy(failurePolicy, 3));
      },
    );

    it('still rejects bad input while Redis is unreachable (a caller bug is not an outage)', async () => {
      const client = connect();
      disconnect(client);
      const limiter = new DistributedRateLimiter({ redis: client, capacity: 3, refillPerSecond: 1 });
      await expect(limiter.tryAcquire('k', 4)).rejects.toThrow(RangeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(limiter.tryAcquire(7)).rejects.toThrow(TypeError);
    });
  });

  describeWithOwnServers('a server of our own, stopped, paused and restarted', () => {
    let server: RedisServer;
    let client: Redis;

    beforeAll(async () => {
      server = await startOwnServer();
      client = connect(server.url);
      await client.ping();
    });

    afterEach(async () => {
      vi.useRealTimers();
      server.resume();
      await server.start();
      await ready(client);
    });

    function limiter(options: LimiterOptions & { prefix: string }) {
      return new DistributedRateLimiter({ redis: client, ...options });
    }

    it('gives each limiter its own policy while Redis is stopped, and Redis decisions again once it is back', async () => {
      const prefix = uniquePrefix('dl-l3-stop');
      // Long enough that ioredis itself rejects the queued commands while the server is down (it flushes its offline
      // queue between reconnection attempts): a command still queued at the restart would be sent and take a token.
      const base = { prefix, capacity: 5, refillPerSecond: 0.001, timeoutMs: 5_000 };
      const open = limiter({ ...base, failurePolicy: 'fail-open' });
      const closed = limiter({ ...base, failurePolicy: 'fail-closed' });
      expect(await decide(open, 'k')).toEqual(fromRedis(true, 4, 0, 5));
      expect(await decide(closed, 'k')).toEqual(fromRedis(true, 3, 0, 5));
      await server.stop();
      expect(await decide(open, 'k')).toEqual(byPolicy('fail-open', 5));
      expect(await decide(closed, 'k')).toEqual(byPolicy('fail-closed', 5));
      expect(await decide(closed, 'other', 5)).toEqual(byPolicy('fail-closed', 5));
      await server.start(); // no persistence: the buckets and the script cache are gone
      await ready(client);
      expect(await decide(closed, 'k')).toEqual(fromRedis(true, 4, 0, 5));
      expect(await decide(open, 'k')).toEqual(fromRedis(true, 3, 0, 5));
    }, 20_000);

    it('answers with the policy when a paused server does not answer within timeoutMs, and recovers on resume', async () => {
      const prefix = uniquePrefix('dl-l3-pause');
      const closed = limiter({
        prefix,
        capacity: 5,
        refillPerSecond: 0.001,
        timeoutMs: 200,
        failurePolicy: 'fail-closed',
      });
      const open = limiter({ prefix, capacity: 5, refillPerSecond: 0.001, timeoutMs: 200, failurePolicy: 'fail-open' });
      expect(await decide(closed, 'k')).toEqual(fromRedis(true, 4, 0, 5));
      server.pause();
      expect(await decide(closed, 'k')).toEqual(byPolicy('fail-closed', 5));
      expect(await decide(open, 'k')).toEqual(byPolicy('fail-open', 5));
      server.resume();
      // The two timed-out requests were still on the wire: Redis runs them when it wakes, before this one.
      expect(await decide(closed, 'k')).toEqual(fromRedis(true, 1, 0, 5));
    }, 10_000);

    test.each([
      { timeoutMs: 50, policy: 'fail-closed' },
      { timeoutMs: 250, policy: 'fail-open' },
    ] as const)(
      'gives up exactly at timeoutMs $timeoutMs (setTimeout faked), not a millisecond before',
      async ({ timeoutMs, policy }) => {
        const prefix = uniquePrefix('dl-l3-timer');
        const paused = limiter({ prefix, capacity: 5, refillPerSecond: 0.001, timeoutMs, failurePolicy: policy });
        await paused.tryAcquire('k', 0); // the script is cached and the connection warm
        server.pause();
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        let decision: Decision | undefined;
        void paused.tryAcquire('k').then((answer) => {
          decision = { ...answer };
        });
        await vi.advanceTimersByTimeAsync(timeoutMs - 1);
        expect(decision).toBeUndefined();
        await vi.advanceTimersByTimeAsync(1);
        expect(decision).toEqual(byPolicy(policy, 5));
      },
      10_000,
    );
  });
});
