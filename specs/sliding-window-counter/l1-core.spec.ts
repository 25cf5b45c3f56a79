import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { type Admitted, expectWithinBounds } from './bounds.ts';
import { acquireStep, advanceStep, counterSetup, estimateStep } from './model.ts';

const { SlidingWindowCounter } =
  await loadKata<typeof import('../../katas/sliding-window-counter/index.ts')>('sliding-window-counter');

/** A limiter on a fake clock that starts at t=0. */
function onClock(limit: number, windowMs: number, start = 0) {
  const clock = { t: start };
  const limiter = new SlidingWindowCounter({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

/** `allowed` of `count` calls of `tryAcquire()` at the current time. */
function burst(limiter: { tryAcquire(): { allowed: boolean } }, count: number): boolean[] {
  return Array.from({ length: count }, () => limiter.tryAcquire().allowed);
}

/** Replays `[time, requests]` pairs of `tryAcquire()` calls, each of which must be allowed. */
function replay(history: ReadonlyArray<readonly [number, number]>, limit = 100, windowMs = 1_000) {
  const { limiter, clock } = onClock(limit, windowMs);
  for (const [t, requests] of history) {
    clock.t = t;
    expect(burst(limiter, requests)).toEqual(Array<boolean>(requests).fill(true));
  }
  return { limiter, clock };
}

describe(level(1, 'Core: the weighted estimate'), () => {
  describe('constructor', () => {
    test.each([1, 2, 10, Number.MAX_SAFE_INTEGER])('accepts limit %d and reports it', (limit) => {
      expect(new SlidingWindowCounter({ limit, windowMs: 1_000 }).limit).toBe(limit);
    });

    test.each([1, 1_000, 60_000])('accepts windowMs %d and reports it', (windowMs) => {
      expect(new SlidingWindowCounter({ limit: 1, windowMs }).windowMs).toBe(windowMs);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects limit %s with a RangeError naming limit and the value',
      (limit) => {
        expect(() => new SlidingWindowCounter({ limit, windowMs: 1_000 })).toThrow(RangeError);
        expect(() => new SlidingWindowCounter({ limit, windowMs: 1_000 })).toThrow(
          `Expected \`limit\` to be a positive integer, got \`${limit}\` (number)`,
        );
      },
    );

    test.each([
      ['the string "3"', '3', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
    ])('rejects limit %s with a TypeError naming limit and the type', (_label, limit, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit, windowMs: 1_000 })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit, windowMs: 1_000 })).toThrow(`\`limit\``);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit, windowMs: 1_000 })).toThrow(`(${type})`);
    });

    test.each([0, -5, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects windowMs %s with a RangeError naming windowMs',
      (windowMs) => {
        expect(() => new SlidingWindowCounter({ limit: 1, windowMs })).toThrow(RangeError);
        expect(() => new SlidingWindowCounter({ limit: 1, windowMs })).toThrow(/`windowMs`/);
        expect(() => new SlidingWindowCounter({ limit: 1, windowMs })).toThrow(`\`${windowMs}\` (number)`);
      },
    );

    test.each([
      ['a string', '1000', 'string'],
      ['null', null, 'null'],
    ])('rejects windowMs given as %s with a TypeError', (_label, windowMs, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit: 1, windowMs })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit: 1, windowMs })).toThrow(`(${type})`);
    });

    test.each([
      ['a number', 0, 'number'],
      ['null', null, 'null'],
    ])('rejects a clock that is %s with a TypeError naming now', (_label, now, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit: 1, windowMs: 1, now })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit: 1, windowMs: 1, now })).toThrow(
        'Expected `now` to be a function, got',
      );
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter({ limit: 1, windowMs: 1, now })).toThrow(`(${type})`);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
    ])('rejects options that are %s with a TypeError naming options', (_label, options) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter(options)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowCounter(options)).toThrow(/`options`/);
    });

    it('uses Date.now when no clock is given, and treats now: undefined as not given', () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const limiter = new SlidingWindowCounter({ limit: 1, windowMs: 3_600_000, now: undefined });
      expect(limiter.tryAcquire().allowed).toBe(true);
      expect(limiter.estimate()).toBeGreaterThan(0);
    });
  });

  describe('estimate', () => {
    it('is 0 for a key that admitted nothing', () => {
      expect(onClock(5, 1_000).limiter.estimate()).toBe(0);
    });

    test.each([
      { at: 500, estimate: 8, when: 'in the same window: current only' },
      { at: 999, estimate: 8, when: 'at the last instant of the window' },
      { at: 1_000, estimate: 8, when: 'at the boundary: all of previous' },
      { at: 1_125, estimate: 7, when: 'an eighth into the next window' },
      { at: 1_250, estimate: 6, when: 'a quarter in' },
      { at: 1_500, estimate: 4, when: 'half way' },
      { at: 1_750, estimate: 2, when: 'three quarters in' },
      { at: 1_875, estimate: 1, when: 'seven eighths in' },
      { at: 2_000, estimate: 0, when: 'two windows on: forgotten' },
      { at: 9_000, estimate: 0, when: 'long after' },
    ])('8 requests at t=500 (windowMs 1000): estimate $estimate at t=$at, $when', ({ at, estimate }) => {
      const { limiter, clock } = replay([[500, 8]]);
      clock.t = at;
      expect(limiter.estimate()).toBe(estimate);
    });

    test.each([
      { at: 1_500, estimate: 7 },
      { at: 1_750, estimate: 5 },
      { at: 2_000, estimate: 3 },
      { at: 2_250, estimate: 2.25 },
      { at: 2_500, estimate: 1.5 },
      { at: 2_875, estimate: 0.375 },
      { at: 3_000, estimate: 0 },
    ])('8 at t=500 then 3 at t=1500: estimate $estimate at t=$at', ({ at, estimate }) => {
      const { limiter, clock } = replay([
        [500, 8],
        [1_500, 3],
      ]);
      clock.t = at;
      expect(limiter.estimate()).toBe(estimate);
    });

    test.each([
      { at: 60_000, estimate: 40 },
      { at: 75_000, estimate: 30 },
      { at: 105_000, estimate: 10 },
      { at: 119_999, estimate: (40 * 1) / 60_000 },
    ])('40 at t=0 with windowMs 60000: estimate $estimate at t=$at', ({ at, estimate }) => {
      const { limiter, clock } = replay([[0, 40]], 100, 60_000);
      clock.t = at;
      expect(limiter.estimate()).toBeCloseTo(estimate, 12);
    });

    it('aligns windows to multiples of windowMs, not to the first request', () => {
      const { limiter, clock } = replay([[1_300, 4]]); // window [1000, 2000)
      clock.t = 1_999;
      expect(limiter.estimate()).toBe(4);
      clock.t = 2_000; // already the previous window, 700 ms after the first request
      expect(limiter.estimate()).toBe(4);
      clock.t = 2_500;
      expect(limiter.estimate()).toBe(2);
      clock.t = 3_000;
      expect(limiter.estimate()).toBe(0);
    });

    it('forgets everything after a gap of a whole window', () => {
      const { limiter, clock } = replay([[500, 6]]);
      clock.t = 2_100; // window [2000, 3000): the window before it, [1000, 2000), admitted nothing
      expect(limiter.estimate()).toBe(0);
      expect(burst(limiter, 1)).toEqual([true]);
      expect(limiter.estimate()).toBe(1);
    });

    it('does not change anything', () => {
      const { limiter, clock } = replay([[500, 8]], 10);
      clock.t = 1_500;
      for (let i = 0; i < 3; i++) limiter.estimate();
      expect(burst(limiter, 7)).toEqual([true, true, true, true, true, true, false]); // 4 + 6 = 10
    });
  });

  describe('tryAcquire', () => {
    test.each([1, 2, 7])('with limit %i allows exactly `limit` requests in a fresh window', (limit) => {
      const { limiter } = onClock(limit, 1_000);
      expect(burst(limiter, limit + 1)).toEqual([...Array<boolean>(limit).fill(true), false]);
    });

    test.each([
      { at: 1_000, allowed: false, remaining: 0, estimate: '10' },
      { at: 1_001, allowed: false, remaining: 0, estimate: '9.99' },
      { at: 1_099, allowed: false, remaining: 0, estimate: '9.01' },
      { at: 1_100, allowed: true, remaining: 0, estimate: '9: 9 + 1 = 10, allowed exactly' },
      { at: 1_101, allowed: true, remaining: 0, estimate: '8.99' },
      { at: 1_250, allowed: true, remaining: 1, estimate: '7.5: ceil 8, after 1 more, 1 remains' },
      { at: 1_999, allowed: true, remaining: 8, estimate: '0.01' },
      { at: 2_000, allowed: true, remaining: 9, estimate: '0' },
    ])(
      '10 at t=0, limit 10: at t=$at (estimate $estimate) one more is allowed=$allowed, remaining $remaining',
      ({ at, allowed, remaining }) => {
        const { limiter, clock } = replay([[0, 10]], 10);
        clock.t = at;
        expect(limiter.tryAcquire()).toMatchObject({ allowed, remaining, limit: 10 });
      },
    );

    it('compares exactly, without rounding the estimate down', () => {
      const { limiter, clock } = replay([[0, 3]], 3); // limit 3
      clock.t = 1_001; // estimate 2.997: 2.997 + 1 > 3, though floor(2.997) + 1 = 3
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 1_334; // 3 × 666/1000 = 1.998: 1.998 + 1 ≤ 3
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('does not count denied requests', () => {
      const { limiter, clock } = onClock(2, 1_000);
      burst(limiter, 2); // t=0
      clock.t = 500;
      expect(burst(limiter, 4)).toEqual([false, false, false, false]);
      clock.t = 1_500; // estimate 2 × 0.5 = 1: the denials of t=500 never counted
      expect(burst(limiter, 2)).toEqual([true, false]);
    });

    it('never admits more than `limit` in one aligned window', () => {
      const { limiter, clock } = onClock(3, 1_000);
      const admitted = [0, 100, 200, 300, 999].map((t) => {
        clock.t = t;
        return burst(limiter, 3).filter(Boolean).length;
      });
      expect(admitted).toEqual([3, 0, 0, 0, 0]);
    });

    it('smooths the boundary burst that a fixed window lets through', () => {
      // A fixed window would allow 5 at t=999 and 5 more at t=1000.
      const { limiter, clock } = onClock(5, 1_000, 999);
      expect(burst(limiter, 5)).toEqual([true, true, true, true, true]); // t=999
      clock.t = 1_000;
      expect(burst(limiter, 5)).toEqual([false, false, false, false, false]); // estimate 5
      clock.t = 1_200; // estimate 5 × 0.8 = 4
      expect(burst(limiter, 2)).toEqual([true, false]);
      clock.t = 1_600; // estimate 5 × 0.4 + 1 = 3
      expect(burst(limiter, 3)).toEqual([true, true, false]);
    });

    it('passes the README example', () => {
      const { limiter, clock } = replay([[500, 8]], 10);
      clock.t = 1_250;
      expect(limiter.estimate()).toBe(6);
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: true, remaining: 0 });
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 125 });
    });
  });

  it('stays within the proved bounds on random arrivals: ≤ limit per aligned window, ≤ 2 × limit − 1 per sliding window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 80 }),
        (limit, windowMs, gaps) => {
          const { limiter, clock } = onClock(limit, windowMs);
          const admitted: Admitted[] = [];
          for (const gap of gaps) {
            clock.t += gap;
            if (limiter.tryAcquire().allowed) admitted.push({ t: clock.t, cost: 1 });
          }
          expectWithinBounds(admitted, limit, windowMs);
        },
      ),
    );
  });

  it('reaches 2 × limit − 1 in a sliding window, the worst case of the README', () => {
    const { limiter, clock } = onClock(4, 1_000, 999);
    expect(burst(limiter, 4)).toEqual([true, true, true, true]); // t=999
    clock.t = 1_998; // estimate 4 × 2/1000 = 0.008
    expect(burst(limiter, 4)).toEqual([true, true, true, false]); // 7 = 2 × 4 − 1 units in (998, 1998]
  });

  it('agrees with a list-of-admissions model on random arrivals', () => {
    checkAgainstModel({
      setup: () => counterSetup(SlidingWindowCounter, { limit: 4, windowMs: 8, start: 0 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.constant(undefined), 'allowed and remaining'),
        estimateStep(fc.constant(undefined)),
        advanceStep(5),
      ],
    });
  });

  it.each([1, 3, 10])('agrees with the model at limit %i (windowMs 10)', (limit) => {
    checkAgainstModel({
      setup: () => counterSetup(SlidingWindowCounter, { limit, windowMs: 10 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.constant(undefined), 'allowed and remaining'),
        estimateStep(fc.constant(undefined)),
        advanceStep(7),
      ],
      numRuns: 60,
    });
  });
});
