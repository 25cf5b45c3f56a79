import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, logSetup, rewindStep, sizeStep } from './model.ts';

const { SlidingWindowLog } =
  await loadKata<typeof import('../../katas/sliding-window-log/index.ts')>('sliding-window-log');

/** A limiter on a fake clock that starts at t=1000. */
function onClock(limit: number, windowMs: number, start = 1_000) {
  const clock = { t: start };
  const limiter = new SlidingWindowLog({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

describe(level(3, 'Many keys with bounded memory'), () => {
  describe('keys', () => {
    it('gives each key its own window', () => {
      const { limiter } = onClock(2, 1_000);
      expect(limiter.tryAcquire('alice', 2).allowed).toBe(true);
      expect(limiter.tryAcquire('alice').allowed).toBe(false);
      expect(limiter.tryAcquire('bob', 2)).toMatchObject({ allowed: true, remaining: 0 });
      expect(limiter.tryAcquire('carol')).toMatchObject({ allowed: true, remaining: 1 });
    });

    test.each([
      ['tryAcquire()', (l: Limiter) => l.tryAcquire()],
      ["tryAcquire('')", (l: Limiter) => l.tryAcquire('')],
      ['tryAcquire(undefined, 1)', (l: Limiter) => l.tryAcquire(undefined, 1)],
    ])('the default key is the empty string: %s shares its window', (_label, take) => {
      const { limiter } = onClock(3, 1_000);
      limiter.tryAcquire(); // one unit for the default key
      limiter.tryAcquire('', 1); // and one for ''
      expect(take(limiter)).toMatchObject({ allowed: true, remaining: 0 });
      expect(limiter.tryAcquire('default').remaining).toBe(2);
    });

    it('treats keys as exact strings', () => {
      const { limiter } = onClock(1, 1_000);
      const allowed = ['a', 'A', 'a ', '__proto__', 'constructor', 'toString'].map(
        (k) => limiter.tryAcquire(k).allowed,
      );
      expect(allowed).toEqual([true, true, true, true, true, true]);
      expect(limiter.tryAcquire('__proto__').allowed).toBe(false);
    });

    test.each([
      ['a number', 1, 'number'],
      ['null', null, 'null'],
      ['an object', {}, 'object'],
      ['a symbol', Symbol('k'), 'symbol'],
    ])('rejects a key that is %s with a TypeError naming key', (_label, key, type) => {
      const { limiter } = onClock(1, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow('Expected `key` to be a string, got');
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire(key)).toThrow(`(${type})`);
      expect(limiter.size).toBe(0);
    });
  });

  describe('size and idle keys', () => {
    it('is 0 for a new limiter', () => {
      expect(onClock(1, 1_000).limiter.size).toBe(0);
    });

    it('counts the keys holding units in the window', () => {
      const { limiter } = onClock(2, 1_000);
      for (const key of ['a', 'b', 'a', 'c']) limiter.tryAcquire(key);
      expect(limiter.size).toBe(3);
    });

    it('does not keep a key for a peek or a denial', () => {
      const { limiter } = onClock(1, 1_000);
      limiter.tryAcquire('peeked', 0);
      limiter.tryAcquire('held');
      limiter.tryAcquire('held'); // denied
      expect(limiter.size).toBe(1);
    });

    test.each([
      { at: 1_099, size: 1 },
      { at: 1_100, size: 0 },
    ])('drops a key once its newest unit has left: size $size at t=$at', ({ at, size }) => {
      const { limiter, clock } = onClock(1, 100);
      limiter.tryAcquire('a'); // t=1000
      clock.t = at;
      expect(limiter.size).toBe(size);
    });

    it('keeps a key while its newest unit is in the window, whatever order keys were first seen', () => {
      const { limiter, clock } = onClock(3, 100, 0);
      limiter.tryAcquire('a'); // t=0
      clock.t = 10;
      limiter.tryAcquire('b'); // t=10
      clock.t = 50;
      limiter.tryAcquire('a'); // t=50: a is active again, b is now the key that goes idle first
      clock.t = 110; // b's only unit (t=10) has left; a's newest (t=50) has not
      expect(limiter.size).toBe(1);
      expect(limiter.tryAcquire('a', 0).remaining).toBe(2);
      clock.t = 150;
      expect(limiter.size).toBe(0);
    });

    it('forgets 10,000 keys once the window has passed, and a forgotten key starts afresh', () => {
      const { limiter, clock } = onClock(2, 1_000, 0);
      for (let i = 0; i < 10_000; i++) {
        clock.t = i / 10; // t=0 … 999.9
        limiter.tryAcquire(`user-${i}`, 2);
      }
      expect(limiter.size).toBe(10_000);
      clock.t = 1_500; // keys of t ≤ 500 are idle
      expect(limiter.size).toBe(4_999);
      clock.t = 2_000;
      expect(limiter.size).toBe(0);
      expect(limiter.tryAcquire('user-0', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('is bounded on random traffic: size never exceeds the keys seen in the last window', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 9 })), { maxLength: 80 }),
          (requests) => {
            const { limiter, clock } = onClock(2, 50, 0);
            const lastSeen = new Map<string, number>();
            for (const [gap, user] of requests) {
              clock.t += gap;
              if (limiter.tryAcquire(`u${user}`).allowed) lastSeen.set(`u${user}`, clock.t);
              const active = [...lastSeen.values()].filter((t) => t > clock.t - 50).length;
              expect(limiter.size).toBe(active);
            }
          },
        ),
      );
    });
  });

  it('agrees with the model on random keys, costs and clock steps', () => {
    checkAgainstModel({
      setup: () => logSetup(SlidingWindowLog, { limit: 3, windowMs: 10 }),
      steps: [
        acquireStep(fc.constantFrom(undefined, '', 'a', 'b'), fc.integer({ min: 0, max: 3 }), 'all'),
        acquireStep(fc.constantFrom('a', 'b', 'c'), fc.constant(undefined), 'all'),
        advanceStep(8),
        rewindStep(5),
        sizeStep,
      ],
      maxSteps: 50,
    });
  });

  it('drops idle keys in O(1): the cost per call does not grow with the number of keys', () => {
    expectFlatCost({
      label: 'tryAcquire of a new key, while one idle key is dropped per call',
      create: (n) => {
        const clock = { t: 0 };
        const limiter = new SlidingWindowLog({ limit: 1, windowMs: n, now: () => clock.t });
        return { clock, limiter };
      },
      fill: (state, i) => {
        state.clock.t = i;
        state.limiter.tryAcquire(`k${i}`);
      },
      operation: (state, i, n) => {
        state.clock.t++;
        state.limiter.tryAcquire(`k${n + i}`);
      },
    });
  }, 20_000);
});

interface Limiter {
  tryAcquire(key?: string, cost?: number): { allowed: boolean; remaining: number };
}
