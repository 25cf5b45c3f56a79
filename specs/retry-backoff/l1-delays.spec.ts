import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';

const { computeDelay } = await loadKata<typeof import('../../katas/retry-backoff/index.ts')>('retry-backoff');

describe(level(1, 'Delays'), () => {
  describe.each([
    { backoff: 'fixed', delays: [100, 100, 100, 100, 100] },
    { backoff: 'linear', delays: [100, 200, 300, 400, 500] },
    { backoff: 'exponential', delays: [100, 200, 400, 800, 1_600] },
  ] as const)('$backoff backoff with base 100', ({ backoff, delays }) => {
    test.each(delays.map((delay, index) => ({ retry: index + 1, delay })))(
      'waits $delay ms before retry $retry',
      ({ retry, delay }) => {
        expect(computeDelay({ backoff, base: 100 }, retry)).toBe(delay);
      },
    );
  });

  test.each(['fixed', 'linear', 'exponential'] as const)(
    '%s backoff: the first retry waits exactly base',
    (backoff) => {
      expect([computeDelay({ backoff, base: 250 }, 1), computeDelay({ backoff, base: 1 }, 1)]).toEqual([250, 1]);
    },
  );

  it('is exponential by default', () => {
    expect([1, 2, 3, 10].map((retry) => computeDelay({ base: 10 }, retry))).toEqual([10, 20, 40, 5_120]);
  });

  it('treats a backoff given as undefined as not given', () => {
    // @ts-expect-error: undefined options, as JavaScript callers pass them
    expect(computeDelay({ base: 10, backoff: undefined }, 3)).toBe(40);
  });

  test.each([
    { backoff: 'exponential', base: 3, retry: 11, delay: 3_072 },
    { backoff: 'linear', base: 7, retry: 13, delay: 91 },
    { backoff: 'fixed', base: 0.5, retry: 9, delay: 0.5 },
    { backoff: 'exponential', base: 0.25, retry: 3, delay: 1 },
  ] as const)('$backoff with base $base waits $delay ms before retry $retry', ({ backoff, base, retry, delay }) => {
    expect(computeDelay({ backoff, base }, retry)).toBe(delay);
  });

  test.each(['fixed', 'linear', 'exponential'] as const)('%s backoff with base 0 always waits 0', (backoff) => {
    expect([1, 2, 50, 2_000].map((retry) => computeDelay({ backoff, base: 0 }, retry))).toEqual([0, 0, 0, 0]);
  });

  it('grows to Infinity, never NaN, at a very late exponential retry without a cap', () => {
    expect(computeDelay({ base: 100 }, 2_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('does not change the policy object', () => {
    const policy = Object.freeze({ backoff: 'linear' as const, base: 5 });
    expect([computeDelay(policy, 2), computeDelay(policy, 2)]).toEqual([10, 10]);
  });

  describe('bad input', () => {
    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects retry %s with a RangeError naming retry and the value',
      (retry) => {
        expect(() => computeDelay({ base: 100 }, retry)).toThrow(RangeError);
        expect(() => computeDelay({ base: 100 }, retry)).toThrow(/`retry`/);
        expect(() => computeDelay({ base: 100 }, retry)).toThrow(`\`${retry}\` (number)`);
      },
    );

    test.each([
      ['the string "1"', '1', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
    ])('rejects retry %s with a TypeError naming retry and the type', (_label, retry, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100 }, retry)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100 }, retry)).toThrow(/`retry`/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 100 }, retry)).toThrow(`(${type})`);
    });

    it('says what was expected: a positive integer', () => {
      expect(() => computeDelay({ base: 100 }, 0)).toThrow(
        'Expected `retry` to be a positive integer, got `0` (number)',
      );
    });

    test.each([-1, -0.001, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects base %s with a RangeError naming base',
      (base) => {
        expect(() => computeDelay({ base }, 1)).toThrow(RangeError);
        expect(() => computeDelay({ base }, 1)).toThrow(/`base`/);
        expect(() => computeDelay({ base }, 1)).toThrow(`\`${base}\` (number)`);
      },
    );

    test.each([
      ['the string "100"', '100', 'string'],
      ['undefined (missing)', undefined, 'undefined'],
    ])('rejects base %s with a TypeError naming base', (_label, base, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base }, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base }, 1)).toThrow(/`base`/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base }, 1)).toThrow(`(${type})`);
    });

    test.each(['quadratic', 'Exponential', ''])('rejects backoff %j with a TypeError naming backoff', (backoff) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 1, backoff }, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay({ base: 1, backoff }, 1)).toThrow(/`backoff`/);
    });

    test.each([
      ['null', null],
      ['a number', 100],
    ])('rejects %s as policy with a TypeError naming policy', (_label, policy) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay(policy, 1)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => computeDelay(policy, 1)).toThrow(/`policy`/);
    });
  });
});
