import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import type { Jitter } from '../../katas/retry-backoff/index.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { ALMOST_ONE, expectJustBelow, seeded, sequence } from './random.ts';

const { computeDelay, delaySchedule } =
  await loadKata<typeof import('../../katas/retry-backoff/index.ts')>('retry-backoff');

const zero = () => 0;
const half = () => 0.5;
const almostOne = () => ALMOST_ONE;

/** Exponential, base 100, capped at 1,000: temp = 100, 200, 400, 800, 1000, 1000 for retries 1 … 6. */
const temps = [100, 200, 400, 800, 1_000, 1_000] as const;
const byRetry = temps.map((temp, index) => ({ retry: index + 1, temp }));

describe(level(2, 'Caps and jitter'), () => {
  describe('maxDelay', () => {
    test.each([
      { backoff: 'exponential', maxDelay: 500, delays: [100, 200, 400, 500, 500, 500] },
      { backoff: 'exponential', maxDelay: 400, delays: [100, 200, 400, 400, 400, 400] },
      { backoff: 'linear', maxDelay: 250, delays: [100, 200, 250, 250, 250, 250] },
      { backoff: 'fixed', maxDelay: 50, delays: [50, 50, 50, 50, 50, 50] },
      { backoff: 'exponential', maxDelay: 0, delays: [0, 0, 0, 0, 0, 0] },
      { backoff: 'exponential', maxDelay: Number.POSITIVE_INFINITY, delays: [100, 200, 400, 800, 1_600, 3_200] },
    ] as const)('caps $backoff delays at $maxDelay', ({ backoff, maxDelay, delays }) => {
      expect([1, 2, 3, 4, 5, 6].map((retry) => computeDelay({ backoff, base: 100, maxDelay }, retry))).toEqual(delays);
    });

    it('caps a very late exponential retry at maxDelay', () => {
      expect(computeDelay({ base: 100, maxDelay: 30_000 }, 2_000)).toBe(30_000);
    });

    test.each([-1, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects maxDelay %s with a RangeError naming maxDelay',
      (maxDelay) => {
        expect(() => computeDelay({ base: 1, maxDelay }, 1)).toThrow(RangeError);
        expect(() => computeDelay({ base: 1, maxDelay }, 1)).toThrow(/`maxDelay`/);
      },
    );

    it('rejects a maxDelay that is not a number with a TypeError', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 1, maxDelay: '5' }, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 1, maxDelay: '5' }, 1)).toThrow(/`maxDelay`.*\(string\)/);
    });
  });

  describe('full jitter: between(0, temp)', () => {
    test.each(byRetry)('retry $retry waits 0 when random() is 0', ({ retry }) => {
      expect(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'full', random: zero }, retry)).toBe(0);
    });

    test.each(byRetry)('retry $retry waits half of $temp when random() is 0.5', ({ retry, temp }) => {
      expect(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'full', random: half }, retry)).toBe(temp / 2);
    });

    test.each(byRetry)('retry $retry waits just below $temp when random() → 1', ({ retry, temp }) => {
      expectJustBelow(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'full', random: almostOne }, retry), temp);
    });
  });

  describe('equal jitter: temp / 2 + between(0, temp / 2)', () => {
    test.each(byRetry)('retry $retry waits half of $temp when random() is 0', ({ retry, temp }) => {
      expect(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'equal', random: zero }, retry)).toBe(temp / 2);
    });

    test.each(byRetry)('retry $retry waits three quarters of $temp when random() is 0.5', ({ retry, temp }) => {
      expect(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'equal', random: half }, retry)).toBe((temp * 3) / 4);
    });

    test.each(byRetry)('retry $retry waits just below $temp when random() → 1', ({ retry, temp }) => {
      expectJustBelow(computeDelay({ base: 100, maxDelay: 1_000, jitter: 'equal', random: almostOne }, retry), temp);
    });
  });

  describe('decorrelated jitter: min(maxDelay, between(base, previous × 3))', () => {
    test.each([
      { previous: undefined, expected: 200 }, // previous defaults to base: 100 + 0.5 × (300 − 100)
      { previous: 100, expected: 200 },
      { previous: 300, expected: 500 }, // 100 + 0.5 × (900 − 100)
      { previous: 1_000, expected: 1_550 },
      { previous: 10_000, expected: 10_000 }, // capped at maxDelay
    ])('waits $expected after a delay of $previous when random() is 0.5', ({ previous, expected }) => {
      const policy = { base: 100, maxDelay: 10_000, jitter: 'decorrelated', random: half } as const;
      expect(computeDelay(policy, 2, previous)).toBe(expected);
    });

    test.each([undefined, 100, 300, 5_000])('waits base after a delay of %s when random() is 0', (previous) => {
      expect(computeDelay({ base: 100, jitter: 'decorrelated', random: zero }, 3, previous)).toBe(100);
    });

    test.each([
      { previous: 100, bound: 300 },
      { previous: 250, bound: 750 },
      { previous: 400, bound: 1_000 }, // 1,200 capped at maxDelay
    ])('waits just below $bound after a delay of $previous when random() → 1', ({ previous, bound }) => {
      const policy = { base: 100, maxDelay: 1_000, jitter: 'decorrelated', random: almostOne } as const;
      expectJustBelow(computeDelay(policy, 2, previous), bound);
    });

    it('waits min(maxDelay, base) when the cap is below base', () => {
      expect(computeDelay({ base: 100, maxDelay: 40, jitter: 'decorrelated', random: zero }, 1)).toBe(40);
    });

    test.each(['fixed', 'linear', 'exponential'] as const)('ignores backoff %s and the retry number', (backoff) => {
      const policy = { backoff, base: 100, jitter: 'decorrelated', random: half } as const;
      expect([computeDelay(policy, 1, 300), computeDelay(policy, 7, 300)]).toEqual([500, 500]);
    });

    test.each([-1, Number.NaN])('rejects previousDelay %s with a RangeError naming previousDelay', (previous) => {
      const policy = { base: 100, jitter: 'decorrelated', random: half } as const;
      expect(() => computeDelay(policy, 2, previous)).toThrow(RangeError);
      expect(() => computeDelay(policy, 2, previous)).toThrow(/`previousDelay`/);
    });
  });

  describe('the random source', () => {
    test.each(['full', 'equal', 'decorrelated'] as const)(
      '%s jitter calls random() exactly once per delay',
      (jitter) => {
        let calls = 0;
        const random = () => {
          calls++;
          return 0.25;
        };
        computeDelay({ base: 100, jitter, random }, 3);
        computeDelay({ base: 100, jitter, random }, 4);
        expect(calls).toBe(2);
      },
    );

    it('is never called without jitter', () => {
      const random = () => {
        throw new Error('random() called without jitter');
      };
      expect([computeDelay({ base: 100, random }, 3), computeDelay({ base: 100, jitter: 'none', random }, 3)]).toEqual([
        400, 400,
      ]);
    });

    it('defaults to Math.random: delays stay within their bounds', () => {
      const delays = Array.from({ length: 50 }, () => computeDelay({ base: 100, jitter: 'equal' }, 2));
      expect(delays.every((delay) => delay >= 100 && delay <= 200)).toBe(true);
    });

    test.each([1, -0.1, 1.5, Number.NaN])('rejects random() returning %s with a RangeError naming random', (value) => {
      const policy = { base: 100, jitter: 'full', random: () => value } as const;
      expect(() => computeDelay(policy, 1)).toThrow(RangeError);
      expect(() => computeDelay(policy, 1)).toThrow(/`random`/);
    });

    it('rejects a random that is not a function with a TypeError', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100, jitter: 'full', random: 0.5 }, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100, jitter: 'full', random: 0.5 }, 1)).toThrow(/`random`/);
    });

    test.each(['half', 'Full', 'random'])('rejects jitter %j with a TypeError naming jitter', (jitter) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100, jitter }, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100, jitter }, 1)).toThrow(/`jitter`/);
    });
  });

  describe('delaySchedule', () => {
    it('lists the delays before retries 1 … n', () => {
      expect(delaySchedule({ base: 100, maxDelay: 500 }, 5)).toEqual([100, 200, 400, 500, 500]);
    });

    it('returns [] for 0 retries', () => {
      expect(delaySchedule({ base: 100 }, 0)).toEqual([]);
    });

    it('feeds each decorrelated delay back, capped, as the next one’s previous delay', () => {
      const policy = { base: 100, maxDelay: 500, jitter: 'decorrelated', random: half } as const;
      // 100 + ½(300 − 100) = 200; 100 + ½(600 − 100) = 350; 100 + ½(1050 − 100) = 575 → 500; 100 + ½(1500 − 100) → 500
      expect(delaySchedule(policy, 4)).toEqual([200, 350, 500, 500]);
    });

    test.each(['full', 'equal', 'decorrelated', 'none'] as const)(
      'gives what computeDelay gives in a loop, for %s jitter',
      (jitter: Jitter) => {
        const schedule = delaySchedule({ base: 10, maxDelay: 2_000, jitter, random: seeded(7) }, 12);
        const random = seeded(7);
        const looped: number[] = [];
        for (let retry = 1; retry <= 12; retry++) {
          looped.push(computeDelay({ base: 10, maxDelay: 2_000, jitter, random }, retry, looped.at(-1)));
        }
        expect(schedule).toEqual(looped);
      },
    );

    it('uses the random values in order, one per delay', () => {
      const policy = { base: 100, jitter: 'full', random: sequence([0, 0.5, 0.25]) } as const;
      expect(delaySchedule(policy, 3)).toEqual([0, 100, 100]);
    });

    test.each([-1, 1.5, Number.NaN])('rejects %s retries with a RangeError naming retries', (retries) => {
      expect(() => delaySchedule({ base: 1 }, retries)).toThrow(RangeError);
      expect(() => delaySchedule({ base: 1 }, retries)).toThrow(/`retries`/);
    });

    it('rejects retries that is not a number with a TypeError', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => delaySchedule({ base: 1 }, '3')).toThrow(TypeError);
    });
  });

  it('never returns a delay below 0 or above maxDelay, for any strategy, retry and random value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Jitter>('none', 'full', 'equal', 'decorrelated'),
        fc.constantFrom('fixed', 'linear', 'exponential' as const),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: ALMOST_ONE, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }),
        (jitter, backoff, base, maxDelay, retry, r, previous) => {
          const delay = computeDelay({ backoff, base, maxDelay, jitter, random: () => r }, retry, previous);
          return delay >= 0 && delay <= maxDelay;
        },
      ),
    );
  });
});
