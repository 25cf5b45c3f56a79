import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, counterSetup, estimateStep, rewindStep, sizeStep } from './model.ts';

const { SlidingWindowCounter } =
  await loadKata<typeof import('../../katas/sliding-window-counter/index.ts')>('sliding-window-counter');

/** A limiter on a fake clock that starts at t=0. */
function onClock(limit: number, windowMs: number, start = 0) {
  const clock = { t: start };
  const limiter = new SlidingWindowCounter({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

interface Limiter {
  tryAcquire(key?: string, cost?: number): { allowed: boolean; remaining: number };
  estimate(key?: string): number;
}

describe(level(3, 'Many keys with bounded memory'), () => {
  describe('keys', () => {
    it('gives each key its own counters', () => {
      const { limiter, clock } = onClock(2, 1_000);
      limiter.tryAcquire('alice', 2);
      expect(limiter.tryAcquire('alice').allowed).toBe(false);
      expect(limiter.tryAcquire('bob')).toMatchObject({ allowed: true, remaining: 1 });
      clock.t = 1_500;
      expect([limiter.estimate('alice'), limiter.estimate('bob'), limiter.estimate('carol')]).toEqual([1, 0.5, 0]);
    });

    test.each([
      ['tryAcquire()', (l: Limiter) => l.tryAcquire()],
      ["tryAcquire('')", (l: Limiter) => l.tryAcquire('')],
      ['tryAcquire(undefined, 1)', (l: Limiter) => l.tryAcquire(undefined, 1)],
    ])('the default key is the empty string: %s shares its counters', (_label, take) => {
      const { limiter } = onClock(3, 1_000);
      limiter.tryAcquire();
      limiter.tryAcquire('', 1);
      expect(take(limiter)).toMatchObject({ allowed: true, remaining: 0 });
      expect([limiter.estimate(), limiter.estimate(''), limiter.estimate('default')]).toEqual([3, 3, 0]);
    });

    test.each([
      ['a number', 1, 'number'],
      ['null', null, 'null'],
      ['an object', {}, 'object'],
    ])('rejects a key that is %s with a TypeError naming key, in tryAcquire and estimate', (_label, key, type) => {
      const { limiter } = onClock(1, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow('Expected `key` to be a string, got');
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.estimate(key)).toThrow(`(${type})`);
      expect(limiter.size).toBe(0);
    });
  });

  describe('size and idle keys', () => {
    it('counts the keys that admitted something in the current or previous window', () => {
      const { limiter, clock } = onClock(2, 1_000);
      for (const key of ['a', 'b', 'a']) limiter.tryAcquire(key); // t=0
      expect(limiter.size).toBe(2);
      clock.t = 1_200;
      limiter.tryAcquire('c');
      expect(limiter.size).toBe(3); // a and b are previous, c is current
    });

    test.each([
      { at: 1_999, size: 1 },
      { at: 2_000, size: 0 },
    ])('drops a key two windows after its last admission: size $size at t=$at', ({ at, size }) => {
      const { limiter, clock } = onClock(1, 1_000);
      limiter.tryAcquire('a'); // t=0, window [0, 1000)
      clock.t = at;
      expect(limiter.size).toBe(size);
    });

    it('does not keep a key for a peek, a denial or an estimate', () => {
      const { limiter } = onClock(1, 1_000);
      limiter.tryAcquire('peeked', 0);
      limiter.estimate('estimated');
      limiter.tryAcquire('held');
      limiter.tryAcquire('held'); // denied
      expect(limiter.size).toBe(1);
    });

    it('keeps a key used again, whatever order keys were first seen', () => {
      const { limiter, clock } = onClock(5, 1_000);
      limiter.tryAcquire('a'); // t=0
      limiter.tryAcquire('b'); // t=0
      clock.t = 1_500;
      limiter.tryAcquire('a'); // a is active again; b goes idle first
      clock.t = 2_000;
      expect(limiter.size).toBe(1);
      expect(limiter.estimate('a')).toBe(1);
      clock.t = 3_000;
      expect(limiter.size).toBe(0);
    });

    it('forgets 10,000 keys two windows on, and a forgotten key starts afresh', () => {
      const { limiter, clock } = onClock(2, 1_000);
      for (let i = 0; i < 10_000; i++) {
        clock.t = i / 10; // t=0 … 999.9
        limiter.tryAcquire(`user-${i}`, 2);
      }
      expect(limiter.size).toBe(10_000);
      clock.t = 1_999;
      expect(limiter.size).toBe(10_000);
      clock.t = 2_000;
      expect(limiter.size).toBe(0);
      expect(limiter.tryAcquire('user-0', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('is bounded on random traffic: size is the number of keys active in the last two windows', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9 })), { maxLength: 80 }),
          (requests) => {
            const { limiter, clock } = onClock(2, 50);
            const lastWindow = new Map<string, number>();
            for (const [gap, user] of requests) {
              clock.t += gap;
              if (limiter.tryAcquire(`u${user}`).allowed) lastWindow.set(`u${user}`, Math.floor(clock.t / 50));
              const now = Math.floor(clock.t / 50);
              const active = [...lastWindow.values()].filter((w) => w >= now - 1).length;
              expect(limiter.size).toBe(active);
            }
          },
        ),
      );
    });
  });

  it('agrees with the model on random keys, costs and clock steps', () => {
    checkAgainstModel({
      setup: () => counterSetup(SlidingWindowCounter, { limit: 3, windowMs: 6 }),
      steps: [
        acquireStep(fc.constantFrom(undefined, '', 'a', 'b'), fc.integer({ min: 0, max: 3 }), 'all'),
        acquireStep(fc.constantFrom('a', 'b', 'c'), fc.constant(undefined), 'all'),
        estimateStep(fc.constantFrom(undefined, 'a', 'c')),
        advanceStep(7),
        rewindStep(4),
        sizeStep,
      ],
      maxSteps: 50,
    });
  });

  it('drops idle keys in O(1): the cost per call does not grow with the number of keys', () => {
    expectFlatCost({
      label: 'tryAcquire of a new key, while idle keys are dropped',
      create: (n) => {
        const clock = { t: 0 };
        // Windows of n/4 ms, one new key per ms: about n keys are active at any time.
        const limiter = new SlidingWindowCounter({ limit: 1, windowMs: Math.max(1, n / 4), now: () => clock.t });
        return { clock, limiter };
      },
      fill: (state, i) => {
        state.clock.t = i / 2;
        state.limiter.tryAcquire(`k${i}`);
      },
      operation: (state, i, n) => {
        state.clock.t = (n + i) / 2;
        state.limiter.tryAcquire(`k${n + i}`);
      },
    });
  }, 20_000);
});
