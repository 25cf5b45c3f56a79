import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, logSetup } from './model.ts';

const { SlidingWindowLog } =
  await loadKata<typeof import('../../katas/sliding-window-log/index.ts')>('sliding-window-log');

/** A limiter on a fake clock that starts at t=1000. */
function onClock(limit: number, windowMs: number, start = 1_000) {
  const clock = { t: start };
  const limiter = new SlidingWindowLog({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

/** `allowed` of `count` calls of `tryAcquire()` at the current time. */
function burst(limiter: { tryAcquire(): { allowed: boolean } }, count: number): boolean[] {
  return Array.from({ length: count }, () => limiter.tryAcquire().allowed);
}

describe(level(1, 'Core: an exact sliding window'), () => {
  describe('constructor', () => {
    test.each([1, 2, 10, 1_000, Number.MAX_SAFE_INTEGER])('accepts limit %d and reports it', (limit) => {
      expect(new SlidingWindowLog({ limit, windowMs: 1_000 }).limit).toBe(limit);
    });

    test.each([1, 0.5, 1_000, 86_400_000])('accepts windowMs %d and reports it', (windowMs) => {
      expect(new SlidingWindowLog({ limit: 1, windowMs }).windowMs).toBe(windowMs);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
      'rejects limit %s with a RangeError naming limit and the value',
      (limit) => {
        expect(() => new SlidingWindowLog({ limit, windowMs: 1_000 })).toThrow(RangeError);
        expect(() => new SlidingWindowLog({ limit, windowMs: 1_000 })).toThrow(
          `Expected \`limit\` to be a positive integer, got \`${limit}\` (number)`,
        );
      },
    );

    test.each([
      ['the string "3"', '3', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['the bigint 3n', 3n, 'bigint'],
    ])('rejects limit %s with a TypeError naming limit and the type', (_label, limit, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit, windowMs: 1_000 })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit, windowMs: 1_000 })).toThrow(/`limit`.*\(/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit, windowMs: 1_000 })).toThrow(`(${type})`);
    });

    test.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'rejects windowMs %s with a RangeError naming windowMs',
      (windowMs) => {
        expect(() => new SlidingWindowLog({ limit: 1, windowMs })).toThrow(RangeError);
        expect(() => new SlidingWindowLog({ limit: 1, windowMs })).toThrow(/`windowMs`/);
        expect(() => new SlidingWindowLog({ limit: 1, windowMs })).toThrow(`\`${windowMs}\` (number)`);
      },
    );

    test.each([
      ['a string', '1000', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
    ])('rejects windowMs given as %s with a TypeError', (_label, windowMs, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit: 1, windowMs })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit: 1, windowMs })).toThrow(`(${type})`);
    });

    test.each([
      ['a number', 0, 'number'],
      ['a string', 'Date.now', 'string'],
      ['null', null, 'null'],
    ])('rejects a clock that is %s with a TypeError naming now', (_label, now, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit: 1, windowMs: 1, now })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit: 1, windowMs: 1, now })).toThrow(
        `Expected \`now\` to be a function, got`,
      );
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog({ limit: 1, windowMs: 1, now })).toThrow(`(${type})`);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
      ['a number', 5],
    ])('rejects options that are %s with a TypeError naming options', (_label, options) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog(options)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new SlidingWindowLog(options)).toThrow(/`options`/);
    });

    it('uses Date.now when no clock is given, and treats now: undefined as not given', () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const limiter = new SlidingWindowLog({ limit: 1, windowMs: 60_000, now: undefined });
      expect(limiter.tryAcquire().allowed).toBe(true);
      expect(limiter.tryAcquire().allowed).toBe(false);
    });
  });

  describe('tryAcquire', () => {
    test.each([1, 2, 5, 100])('with limit %i allows exactly `limit` requests at one instant', (limit) => {
      const { limiter } = onClock(limit, 1_000);
      expect(burst(limiter, limit + 2)).toEqual([...Array<boolean>(limit).fill(true), false, false]);
    });

    it('counts remaining down to 0 and reports the limit', () => {
      const { limiter } = onClock(3, 1_000);
      const decisions = burst3(limiter);
      expect(decisions.map((d) => [d.allowed, d.remaining, d.limit])).toEqual([
        [true, 2, 3],
        [true, 1, 3],
        [true, 0, 3],
        [false, 0, 3],
      ]);
    });

    it('returns a fresh decision object on every call', () => {
      const { limiter } = onClock(5, 1_000);
      const first = limiter.tryAcquire();
      const second = limiter.tryAcquire();
      expect(first).not.toBe(second);
      expect([first.remaining, second.remaining]).toEqual([4, 3]);
    });

    it('passes the README example', () => {
      const { limiter, clock } = onClock(2, 1_000, 0);
      expect(limiter.tryAcquire()).toEqual({
        allowed: true,
        remaining: 1,
        retryAfterMs: 0,
        limit: 2,
        resetAfterMs: 1_000,
      });
      clock.t = 400;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 0 });
      clock.t = 900;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, remaining: 0 });
      clock.t = 1_000;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('does not count denied requests', () => {
      const { limiter, clock } = onClock(2, 1_000);
      burst(limiter, 2); // t=1000: both units taken
      clock.t = 1_500;
      expect(burst(limiter, 5)).toEqual([false, false, false, false, false]); // t=1500: denied, not recorded
      clock.t = 2_000; // the two units of t=1000 have left; the denials of t=1500 never counted
      expect(burst(limiter, 3)).toEqual([true, true, false]);
    });

    it('keeps separate limiters separate', () => {
      const first = onClock(1, 1_000).limiter;
      const second = onClock(1, 1_000).limiter;
      expect([first.tryAcquire().allowed, second.tryAcquire().allowed]).toEqual([true, true]);
    });
  });

  describe('the window (now − windowMs, now]', () => {
    test.each([
      { at: 1_000, allowed: false, when: 'at the same instant' },
      { at: 1_099, allowed: false, when: 'one millisecond before t + windowMs' },
      { at: 1_100, allowed: true, when: 'exactly at t + windowMs (the unit has left)' },
      { at: 1_101, allowed: true, when: 'after t + windowMs' },
    ])('a unit taken at t=1000 with windowMs 100: allowed=$allowed $when', ({ at, allowed }) => {
      const { limiter, clock } = onClock(1, 100);
      limiter.tryAcquire(); // t=1000
      clock.t = at;
      expect(limiter.tryAcquire().allowed).toBe(allowed);
    });

    test.each([
      { windowMs: 0.5, at: 1_000.25, allowed: false },
      { windowMs: 0.5, at: 1_000.5, allowed: true },
      { windowMs: 86_400_000, at: 1_000 + 86_399_999, allowed: false },
      { windowMs: 86_400_000, at: 1_000 + 86_400_000, allowed: true },
    ])('fractional and long windows: windowMs $windowMs, allowed=$allowed at t=$at', ({ windowMs, at, allowed }) => {
      const { limiter, clock } = onClock(1, windowMs);
      limiter.tryAcquire();
      clock.t = at;
      expect(limiter.tryAcquire().allowed).toBe(allowed);
    });

    it('frees units one by one, as each leaves the window', () => {
      const { limiter, clock } = onClock(3, 100, 0);
      for (const t of [0, 10, 20]) {
        clock.t = t;
        limiter.tryAcquire();
      }
      clock.t = 99;
      expect(limiter.tryAcquire().allowed).toBe(false); // t=99: all three in (−1, 99]
      clock.t = 100;
      expect(burst(limiter, 2)).toEqual([true, false]); // t=100: only the unit of t=0 has left
      clock.t = 110;
      expect(burst(limiter, 2)).toEqual([true, false]); // t=110: the unit of t=10 has left
      clock.t = 125;
      expect(burst(limiter, 2)).toEqual([true, false]); // t=125: the unit of t=20 has left
    });

    it('rejects the boundary burst that a fixed window lets through', () => {
      // A fixed window of 1000 ms aligned to multiples of 1000 would allow 5 at t=999 and 5 more at t=1000:
      // 10 requests in 2 ms. The exact log allows 5 in any 1000 ms.
      const { limiter, clock } = onClock(5, 1_000, 999);
      expect(burst(limiter, 5)).toEqual([true, true, true, true, true]); // t=999
      clock.t = 1_000;
      expect(burst(limiter, 5)).toEqual([false, false, false, false, false]); // t=1000: a new fixed window
      clock.t = 1_998;
      expect(limiter.tryAcquire().allowed).toBe(false); // t=1998: t=999 is still in (998, 1998]
      clock.t = 1_999;
      expect(burst(limiter, 6)).toEqual([true, true, true, true, true, false]); // t=1999: they have left
    });

    it('never admits more than `limit` in any window, on random arrivals', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 20 }),
          fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 60 }),
          (limit, windowMs, gaps) => {
            const { limiter, clock } = onClock(limit, windowMs, 0);
            const admitted: number[] = [];
            for (const gap of gaps) {
              clock.t += gap;
              if (limiter.tryAcquire().allowed) admitted.push(clock.t);
            }
            for (const end of admitted) {
              const inWindow = admitted.filter((t) => t > end - windowMs && t <= end).length;
              expect(inWindow).toBeLessThanOrEqual(limit);
            }
          },
        ),
      );
    });
  });

  it('agrees with a list-of-admissions model on random arrivals', () => {
    checkAgainstModel({
      setup: () => logSetup(SlidingWindowLog, { limit: 3, windowMs: 10 }),
      steps: [acquireStep(fc.constant(undefined), fc.constant(undefined), 'allowed and remaining'), advanceStep(6)],
    });
  });

  it.each([1, 2, 6])('agrees with the model at limit %i', (limit) => {
    checkAgainstModel({
      setup: () => logSetup(SlidingWindowLog, { limit, windowMs: 7 }),
      steps: [acquireStep(fc.constant(undefined), fc.constant(undefined), 'allowed and remaining'), advanceStep(4)],
      numRuns: 60,
    });
  });

  it('prunes old units: the cost per call does not grow with the number of units in the log', () => {
    expectFlatCost({
      label: 'tryAcquire on a full log (each call, one unit leaves and one is admitted)',
      create: (n) => {
        const clock = { t: 0 };
        return { clock, limiter: new SlidingWindowLog({ limit: n, windowMs: n, now: () => clock.t }) };
      },
      fill: (state, i) => {
        state.clock.t = i;
        state.limiter.tryAcquire();
      },
      operation: (state) => {
        state.clock.t++;
        state.limiter.tryAcquire();
      },
    });
  }, 20_000);
});

function burst3(limiter: { tryAcquire(): { allowed: boolean; remaining: number; limit: number } }) {
  return [limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()];
}
