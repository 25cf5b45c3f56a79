import { describe, expect, it } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, backStep, limiterSetup, trackedStep } from './model.ts';

const { RateLimiterFactory } =
  await loadKata<typeof import('../../katas/rate-limiter-factory/index.ts')>('rate-limiter-factory');
type Strategy = import('../../katas/rate-limiter-factory/index.ts').RateLimitStrategy;

/** Tests that drive 100,000 keys get more time than the default 2 s: a busy machine must not fail them. */
const heavy = 15_000;

const strategies = ['token-bucket', 'fixed-window', 'sliding-window-log', 'sliding-window-counter'] as const;

function onClock(strategy: Strategy, maxRequests: number, timeWindowSeconds: number, start = 1_000) {
  const clock = { t: start };
  const limiter = RateLimiterFactory.create(strategy, { maxRequests, timeWindowSeconds, now: () => clock.t });
  return { limiter, clock };
}

/** When a key that took 1 of 10 at t=1000 (window 1 s) is idle again, strategy by strategy. */
const idleAt = {
  'token-bucket': 1_100, // one token back at 10 per second
  'fixed-window': 2_000, // the window [1000, 2000) is over
  'sliding-window-log': 2_000, // the request leaves (t − 1000, t]
  'sliding-window-counter': 3_000, // [1000, 2000) is no longer the previous window
} as const;

describe(level(2, 'Many keys, bounded memory'), () => {
  describe.each(strategies)('trackedKeys on a %s limiter', (strategy) => {
    it('is 0 on a new limiter and counts each key that took something once', () => {
      const { limiter } = onClock(strategy, 3, 1);
      const counts = [limiter.trackedKeys];
      limiter.tryAcquire('a');
      counts.push(limiter.trackedKeys);
      limiter.tryAcquire('a', 2);
      limiter.tryAcquire('b');
      limiter.tryAcquire();
      counts.push(limiter.trackedKeys);
      expect(counts).toEqual([0, 1, 3]);
    });

    it('does not track a key for a peek or a denial', () => {
      const { limiter } = onClock(strategy, 3, 1);
      for (let i = 0; i < 10; i++) limiter.tryAcquire(`busy:${i}`);
      for (let i = 0; i < 100; i++) {
        limiter.tryAcquire(`peek:${i}`, 0);
        limiter.tryAcquire(`too-big:${i}`, 4);
      }
      expect(limiter.trackedKeys).toBe(10);
    });

    it(
      'keeps 20,000 busy keys: none is forgotten while its window is open',
      () => {
        const { limiter, clock } = onClock(strategy, 10, 60);
        for (let i = 0; i < 20_000; i++) limiter.tryAcquire(`user:${i}`);
        clock.t += 3_000; // t=4000, every key still busy (a token bucket has refilled half a token)
        for (let i = 0; i < 40_000; i++) limiter.tryAcquire('hot', 0);
        expect(limiter.trackedKeys).toBe(20_000);
        expect(limiter.tryAcquire('user:0', 0).remaining).toBeLessThan(10);
      },
      heavy,
    );

    it(
      'forgets 100,000 idle keys within 100,001 later calls: trackedKeys returns to 1',
      () => {
        const { limiter, clock } = onClock(strategy, 10, 1);
        for (let i = 0; i < 100_000; i++) limiter.tryAcquire(`user:${i}`); // t=1000
        expect(limiter.trackedKeys).toBe(100_000);
        clock.t = 3_000; // every key idle
        for (let i = 0; i <= 100_000; i++) limiter.tryAcquire('hot');
        expect(limiter.trackedKeys).toBe(1);
      },
      heavy,
    );

    it('forgets a key only once it is idle', () => {
      const { limiter, clock } = onClock(strategy, 10, 1);
      limiter.tryAcquire('a'); // t=1000
      clock.t = idleAt[strategy] - 1;
      for (let i = 0; i < 10; i++) limiter.tryAcquire('other', 0);
      expect(limiter.trackedKeys).toBe(1);
      clock.t = idleAt[strategy];
      for (let i = 0; i < 10; i++) limiter.tryAcquire('other', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it(
      'stays bounded when every request comes from a new key (a million users passing by)',
      () => {
        const { limiter, clock } = onClock(strategy, 10, 0.1, 0);
        let most = 0;
        for (let i = 0; i < 100_000; i++) {
          clock.t = i; // 1 ms apart: at most 200 keys are busy at any instant
          limiter.tryAcquire(`user:${i}`);
          most = Math.max(most, limiter.trackedKeys);
        }
        expect(most).toBeLessThan(1_000);
      },
      heavy,
    );

    it('decides a forgotten key exactly like a fresh one', () => {
      const { limiter, clock } = onClock(strategy, 3, 1);
      limiter.tryAcquire('a', 3); // t=1000
      clock.t = 10_000;
      for (let i = 0; i < 5; i++) limiter.tryAcquire('b', 0);
      const fresh = onClock(strategy, 3, 1, 10_000).limiter;
      expect([limiter.tryAcquire('a', 2), limiter.tryAcquire('a', 2)]).toEqual([
        fresh.tryAcquire('a', 2),
        fresh.tryAcquire('a', 2),
      ]);
    });

    it('agrees with the model on random traffic over many keys, and tracks every busy key', () => {
      checkAgainstModel({
        setup: () => limiterSetup(RateLimiterFactory, { strategy }),
        steps: [acquireStep(['', 'a', 'b', 'c', 'd']), advanceStep, backStep, trackedStep],
        maxSteps: 50,
        numRuns: 100,
      });
    });
  });

  it('keeps tryAcquire O(1): the cost per call does not grow with the number of keys', () => {
    const strategy = 'token-bucket';
    expectFlatCost({
      label: `${strategy} tryAcquire (3 of 4 on hot keys, 1 of 4 on a new key)`,
      create: () => ({ ...onClock(strategy, 10, 3_600), next: 0 }),
      fill: (state, i) => {
        state.limiter.tryAcquire(`k${i}`);
        state.next = i + 1;
      },
      operation: (state, i) => {
        state.clock.t++;
        if ((i & 3) === 3) {
          state.limiter.tryAcquire(`k${state.next}`);
          state.next++;
        } else state.limiter.tryAcquire(`k${state.next - 1 - (i & 63)}`);
      },
    });
  }, 20_000);
});
