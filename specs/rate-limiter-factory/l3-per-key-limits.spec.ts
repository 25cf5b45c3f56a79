import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, limiterSetup, trackedStep } from './model.ts';

const { RateLimiterFactory } =
  await loadKata<typeof import('../../katas/rate-limiter-factory/index.ts')>('rate-limiter-factory');
type Kata = typeof import('../../katas/rate-limiter-factory/index.ts');
type Strategy = import('../../katas/rate-limiter-factory/index.ts').RateLimitStrategy;
type Options = Parameters<Kata['RateLimiterFactory']['create']>[1];

const strategies = ['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter'] as const;

/** Default 2 per second; 'vip' 5 per 2 seconds. */
function tiered(strategy: Strategy, extra: Partial<Options> = {}, start = 1_000) {
  const clock = { t: start };
  const limiter = RateLimiterFactory.create(strategy, {
    maxRequests: 2,
    timeWindowSeconds: 1,
    now: () => clock.t,
    overrides: { vip: { maxRequests: 5, timeWindowSeconds: 2 } },
    ...extra,
  });
  return { limiter, clock };
}

function burst(limiter: { tryAcquire(key?: string): { allowed: boolean } }, count: number, key: string) {
  let allowed = 0;
  for (let i = 0; i < count; i++) if (limiter.tryAcquire(key).allowed) allowed++;
  return allowed;
}

describe(level(3, 'Per-key limits'), () => {
  describe.each(strategies)('overrides on a %s limiter', (strategy) => {
    it('gives an overridden key its own maxRequests, reported as limit', () => {
      const { limiter } = tiered(strategy);
      expect(limiter.tryAcquire('vip')).toMatchObject({ allowed: true, remaining: 4, limit: 5 });
      expect(limiter.tryAcquire('free')).toMatchObject({ allowed: true, remaining: 1, limit: 2 });
      expect([burst(limiter, 10, 'vip'), burst(limiter, 10, 'free')]).toEqual([4, 1]);
    });

    it("uses the overridden key's window for retryAfterMs and resetAfterMs", () => {
      const vip = tiered(strategy, {}, 0);
      vip.limiter.tryAcquire('vip', 5); // t=0
      const denied = vip.limiter.tryAcquire('vip');
      expect(denied).toMatchObject({ allowed: false, limit: 5 });
      // One of 5 per 2 s comes back after 400 ms (token bucket), at the end of the 2 s window (fixed, log), or
      // 400 ms into the next window, once 5 × (2000 − e) / 2000 + 1 ≤ 5 (counter).
      const expected = { 'token-bucket': 400, 'fixed-window': 2_000, 'sliding-window-log': 2_000 };
      expect(denied.retryAfterMs).toBe(strategy === 'sliding-window-counter' ? 2_400 : expected[strategy]);
      expect(denied.resetAfterMs).toBe(strategy === 'sliding-window-counter' ? 4_000 : 2_000);
      vip.clock.t = denied.retryAfterMs - 1;
      expect(vip.limiter.tryAcquire('vip').allowed).toBe(false);
      vip.clock.t = denied.retryAfterMs;
      expect(vip.limiter.tryAcquire('vip').allowed).toBe(true);
    });

    it('denies a cost above the key’s own limit for ever, and allows it up to that limit', () => {
      const { limiter } = tiered(strategy);
      expect(limiter.tryAcquire('free', 3)).toMatchObject({ allowed: false, retryAfterMs: Infinity });
      expect(limiter.tryAcquire('vip', 3)).toMatchObject({ allowed: true, remaining: 2 });
      expect(limiter.tryAcquire('vip', 6)).toMatchObject({ allowed: false, retryAfterMs: Infinity });
    });

    test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
      "gives a key named '%s' the default limit (overrides are looked up as own keys only)",
      (key) => {
        const { limiter } = tiered(strategy);
        expect(limiter.tryAcquire(key)).toMatchObject({ allowed: true, remaining: 1, limit: 2 });
      },
    );
  });

  describe.each(strategies)('limitFor on a %s limiter', (strategy) => {
    const limitFor = (key: string) =>
      key.startsWith('premium:') ? { maxRequests: 10, timeWindowSeconds: 1 } : undefined;

    it('gives the limit the resolver returns, and the default for undefined', () => {
      const { limiter } = tiered(strategy, { limitFor });
      expect(limiter.tryAcquire('premium:ann')).toMatchObject({ allowed: true, remaining: 9, limit: 10 });
      expect(limiter.tryAcquire('basic:bob')).toMatchObject({ allowed: true, remaining: 1, limit: 2 });
      expect([burst(limiter, 20, 'premium:ann'), burst(limiter, 20, 'basic:bob')]).toEqual([9, 1]);
    });

    it('prefers overrides to limitFor', () => {
      const { limiter } = tiered(strategy, { limitFor: () => ({ maxRequests: 10, timeWindowSeconds: 1 }) });
      expect(limiter.tryAcquire('vip').limit).toBe(5);
      expect(limiter.tryAcquire('anyone').limit).toBe(10);
    });

    it('passes the key to the resolver, including the default key', () => {
      const asked: string[] = [];
      const { limiter } = tiered(strategy, {
        limitFor: (key) => {
          asked.push(key);
          return undefined;
        },
      });
      limiter.tryAcquire('a');
      limiter.tryAcquire();
      expect(new Set(asked)).toEqual(new Set(['a', '']));
    });

    it('rejects a limit returned by limitFor with the error of a bad limit, naming limitFor and the key', () => {
      const { limiter } = tiered(strategy, {
        limitFor: (key) => (key === 'bad' ? { maxRequests: 0, timeWindowSeconds: 1 } : undefined),
      });
      expect(() => limiter.tryAcquire('bad')).toThrow(RangeError);
      expect(() => limiter.tryAcquire('bad')).toThrow(
        "Expected `limitFor('bad').maxRequests` to be a positive integer, got `0` (number)",
      );
      expect(limiter.tryAcquire('good').allowed).toBe(true);
    });

    it('agrees with the model on random traffic over keys with three different limits', () => {
      checkAgainstModel({
        setup: () =>
          limiterSetup(RateLimiterFactory, {
            strategy,
            overrides: { vip: { maxRequests: 5, timeWindowSeconds: 0.02 } },
            limitFor: { slow: { maxRequests: 2, timeWindowSeconds: 0.007 } },
          }),
        steps: [acquireStep(['', 'vip', 'slow', 'a']), advanceStep, trackedStep],
        maxSteps: 40,
        numRuns: 80,
      });
    });
  });

  describe('validation', () => {
    test.each([
      ['null', null],
      ['a string', 'vip'],
      ['an array', [{ maxRequests: 1, timeWindowSeconds: 1 }]],
    ])('rejects %s as overrides with a TypeError naming overrides', (_label, overrides) => {
      const create = () =>
        // @ts-expect-error: wrongly typed on purpose
        RateLimiterFactory.create('token-bucket', { maxRequests: 1, timeWindowSeconds: 1, overrides });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`overrides`/);
    });

    test.each([
      {
        limit: { maxRequests: 0, timeWindowSeconds: 1 },
        error: RangeError,
        message: "Expected `overrides['vip'].maxRequests` to be a positive integer, got `0` (number)",
      },
      {
        limit: { maxRequests: 1, timeWindowSeconds: -1 },
        error: RangeError,
        message: "`overrides['vip'].timeWindowSeconds`",
      },
      {
        limit: { maxRequests: '5', timeWindowSeconds: 1 },
        error: TypeError,
        message: "Expected `overrides['vip'].maxRequests` to be a positive integer, got `'5'` (string)",
      },
      { limit: null, error: TypeError, message: "`overrides['vip']`" },
    ])('checks each override at create: $message', ({ limit, error, message }) => {
      const create = () =>
        RateLimiterFactory.create('fixed-window', {
          maxRequests: 1,
          timeWindowSeconds: 1,
          // @ts-expect-error: wrongly typed on purpose (some rows)
          overrides: { ok: { maxRequests: 1, timeWindowSeconds: 1 }, vip: limit },
        });
      expect(create).toThrow(error);
      expect(create).toThrow(message);
    });

    it('rejects a limitFor that is not a function with a TypeError naming limitFor', () => {
      const create = () =>
        // @ts-expect-error: wrongly typed on purpose
        RateLimiterFactory.create('fixed-window', { maxRequests: 1, timeWindowSeconds: 1, limitFor: {} });
      expect(create).toThrow(TypeError);
      expect(create).toThrow('Expected `limitFor` to be a function, got `[object Object]` (object)');
    });
  });
});
