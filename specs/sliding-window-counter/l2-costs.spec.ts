import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { type Admitted, type Denied, expectDenialsJustified, expectWithinBounds } from './bounds.ts';
import { acquireStep, advanceStep, counterSetup, estimateStep, rewindStep } from './model.ts';

const { SlidingWindowCounter } =
  await loadKata<typeof import('../../katas/sliding-window-counter/index.ts')>('sliding-window-counter');

/** A limiter on a fake clock that starts at t=0. */
function onClock(limit: number, windowMs: number, start = 0) {
  const clock: { t: unknown } = { t: start };
  const limiter = new SlidingWindowCounter({ limit, windowMs, now: () => clock.t as number });
  return { limiter, clock: clock as { t: number }, rawClock: clock };
}

/** Replays `[time, cost]` requests, each of which must be allowed. */
function replay(limit: number, windowMs: number, history: ReadonlyArray<readonly [number, number]>) {
  const { limiter, clock } = onClock(limit, windowMs);
  for (const [t, cost] of history) {
    clock.t = t;
    expect(limiter.tryAcquire('', cost).allowed).toBe(true);
  }
  return { limiter, clock };
}

describe(level(2, 'Costs and retryAfterMs'), () => {
  describe('cost', () => {
    test.each([
      { limit: 5, costs: [5, 1], allowed: [true, false], remaining: [0, 0] },
      { limit: 5, costs: [3, 3, 2], allowed: [true, false, true], remaining: [2, 2, 0] },
      { limit: 5, costs: [2, 2, 2, 1], allowed: [true, true, false, true], remaining: [3, 1, 1, 0] },
      { limit: 10, costs: [10, 0], allowed: [true, true], remaining: [0, 0] },
    ])(
      'limit $limit, costs $costs in a fresh window: allowed $allowed, remaining $remaining',
      ({ limit, costs, allowed, remaining }) => {
        const { limiter } = onClock(limit, 1_000);
        const decisions = costs.map((cost) => limiter.tryAcquire(undefined, cost));
        expect(decisions.map((d) => d.allowed)).toEqual(allowed);
        expect(decisions.map((d) => d.remaining)).toEqual(remaining);
      },
    );

    test.each([
      { at: 1_250, cost: 4, allowed: true, remaining: 0 },
      { at: 1_250, cost: 5, allowed: false, remaining: 4 },
      { at: 1_500, cost: 6, allowed: true, remaining: 0 },
      { at: 1_501, cost: 6, allowed: true, remaining: 0 },
      { at: 1_499, cost: 6, allowed: false, remaining: 5 },
    ])(
      '8 at t=500, limit 10: cost $cost at t=$at is allowed=$allowed, remaining $remaining',
      ({ at, cost, allowed, remaining }) => {
        const { limiter, clock } = replay(10, 1_000, [[500, 8]]);
        clock.t = at;
        expect(limiter.tryAcquire('', cost)).toMatchObject({ allowed, remaining });
      },
    );

    describe('cost 0 is a peek', () => {
      it('is allowed when the estimate is at the limit, and reports what remains', () => {
        const { limiter } = replay(4, 1_000, [[0, 4]]);
        expect(limiter.tryAcquire('', 0)).toEqual({
          allowed: true,
          remaining: 0,
          retryAfterMs: 0,
          limit: 4,
          resetAfterMs: 2_000,
        });
      });

      it('changes nothing', () => {
        const { limiter } = onClock(2, 1_000);
        for (let i = 0; i < 5; i++) limiter.tryAcquire('', 0);
        expect(limiter.estimate()).toBe(0);
        expect(limiter.tryAcquire('', 2).allowed).toBe(true);
      });

      it('on a key that holds nothing reports the full limit and no reset', () => {
        expect(onClock(7, 1_000).limiter.tryAcquire('', 0)).toEqual({
          allowed: true,
          remaining: 7,
          retryAfterMs: 0,
          limit: 7,
          resetAfterMs: 0,
        });
      });
    });

    test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 6])(
      'rejects cost %s with a RangeError naming cost and the value (limit 5)',
      (cost) => {
        const { limiter } = onClock(5, 1_000);
        expect(() => limiter.tryAcquire('', cost)).toThrow(RangeError);
        expect(() => limiter.tryAcquire('', cost)).toThrow(
          `Expected \`cost\` to be an integer from 0 to the limit 5, got \`${cost}\` (number)`,
        );
      },
    );

    test.each([
      ['the string "1"', '1', 'string'],
      ['null', null, 'null'],
    ])('rejects cost %s with a TypeError naming cost and the type', (_label, cost, type) => {
      const { limiter } = onClock(5, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(/`cost`.*\(/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(`(${type})`);
    });

    it('changes nothing when it throws', () => {
      const { limiter } = onClock(2, 1_000);
      limiter.tryAcquire('', 1);
      expect(() => limiter.tryAcquire('', 3)).toThrow(RangeError);
      expect(limiter.estimate()).toBe(1);
    });
  });

  describe('retryAfterMs', () => {
    it('is 0 when allowed', () => {
      const { limiter } = onClock(3, 1_000);
      expect(limiter.tryAcquire('', 2).retryAfterMs).toBe(0);
    });

    test.each([
      {
        title: 'the previous share fades within this window',
        limit: 10,
        history: [
          [500, 8],
          [1_250, 4],
        ],
        at: 1_250,
        cost: 1,
        retry: 125,
      },
      {
        title: 'a fractional instant is rounded up to a whole wait',
        limit: 3,
        history: [[0, 3]],
        at: 1_000,
        cost: 1,
        retry: 334,
      },
      {
        title: 'current alone is too much: wait for the next window, where it fades',
        limit: 4,
        history: [[0, 4]],
        at: 10,
        cost: 1,
        retry: 1_240,
      },
      {
        title: 'the room appears only after the boundary: cost equal to the limit waits two boundaries',
        limit: 4,
        history: [[500, 2]],
        at: 500,
        cost: 4,
        retry: 1_500,
      },
      {
        title: 'no room left in this window: at the boundary the current units become previous, at full weight',
        limit: 10,
        history: [
          [0, 10],
          [1_900, 9],
        ],
        at: 1_900,
        cost: 1,
        retry: 100,
      },
      {
        title: 'the last whole millisecond of the window',
        limit: 2,
        history: [
          [0, 2],
          [1_999, 1],
        ],
        at: 1_999,
        cost: 1,
        retry: 1,
      },
    ] as const)('$title: retryAfterMs $retry', ({ limit, history, at, cost, retry }) => {
      const { limiter, clock } = replay(limit, 1_000, history);
      clock.t = at;
      expect(limiter.tryAcquire('', cost)).toMatchObject({ allowed: false, retryAfterMs: retry });
      clock.t = at + retry - 1;
      expect(limiter.tryAcquire('', cost).allowed).toBe(false); // one millisecond early: denied
      clock.t = at + retry;
      expect(limiter.tryAcquire('', cost).allowed).toBe(true); // exactly retryAfterMs later: allowed
    });

    it('is a whole number of milliseconds on a clock with fractions, and still the least such wait', () => {
      const { limiter, clock } = replay(10, 1_000, [[500, 8]]);
      clock.t = 1_250.5; // estimate 8 × 749.5/1000 = 5.996
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: true, remaining: 0 });
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: false, retryAfterMs: 125 }); // fits from t=1375
      clock.t = 1_374.5; // 8 × 625.5/1000 + 4 + 1 = 10.004
      expect(limiter.tryAcquire('', 1).allowed).toBe(false);
      clock.t = 1_375.5;
      expect(limiter.tryAcquire('', 1).allowed).toBe(true);
    });

    it('is the least whole wait on random traffic: waiting exactly that long allows, one millisecond less denies', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 40 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.nat()), { maxLength: 40 }),
          (limit, windowMs, requests) => {
            const { limiter, clock } = onClock(limit, windowMs);
            for (const [gap, seed] of requests) {
              clock.t += gap;
              const cost = 1 + (seed % limit);
              const decision = limiter.tryAcquire('', cost);
              if (decision.allowed) continue;
              expect(decision.retryAfterMs).toBeGreaterThan(0);
              expect(Number.isInteger(decision.retryAfterMs)).toBe(true);
              const deniedAt = clock.t;
              clock.t = deniedAt + decision.retryAfterMs - 1;
              expect(limiter.tryAcquire('', cost).allowed).toBe(false);
              clock.t = deniedAt + decision.retryAfterMs;
              expect(limiter.tryAcquire('', cost).allowed).toBe(true);
            }
          },
        ),
      );
    });
  });

  describe('resetAfterMs', () => {
    test.each([
      { history: [], at: 300, reset: 0, when: 'nothing admitted' },
      { history: [[300, 1]], at: 300, reset: 1_700, when: 'current > 0: the end of the next window' },
      { history: [[300, 1]], at: 1_400, reset: 600, when: 'previous only: the end of this window' },
      { history: [[300, 1]], at: 2_000, reset: 0, when: 'both forgotten' },
    ] as const)('is $reset at t=$at when $when', ({ history, at, reset }) => {
      const { limiter, clock } = replay(5, 1_000, history);
      clock.t = at;
      expect(limiter.tryAcquire('', 0).resetAfterMs).toBe(reset);
    });
  });

  describe('the clock', () => {
    it('going backwards neither brings a window back nor resets one', () => {
      const { limiter, clock } = onClock(2, 1_000, 1_500);
      limiter.tryAcquire('', 2); // t=1500, window [1000, 2000)
      clock.t = 900; // steps back into the window before: taken as t=1500
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
      expect(limiter.estimate()).toBe(2);
      clock.t = 2_499; // estimate 2 × 501/1000 = 1.002
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 2_500; // 2 × 0.5 = 1
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    test.each([
      ['NaN', Number.NaN, RangeError, 'number'],
      ['-Infinity', Number.NEGATIVE_INFINITY, RangeError, 'number'],
      ['a string', '1000', TypeError, 'string'],
    ] as const)('a clock that returns %s makes tryAcquire throw, naming now()', (_label, reading, error, type) => {
      const { limiter, rawClock } = onClock(1, 100);
      rawClock.t = reading;
      expect(() => limiter.tryAcquire()).toThrow(error);
      expect(() => limiter.tryAcquire()).toThrow(/`now\(\)`/);
      expect(() => limiter.tryAcquire()).toThrow(`(${type})`);
    });
  });

  describe('against the exact log', () => {
    const traffic = fc.record({
      limit: fc.integer({ min: 1, max: 8 }),
      windowMs: fc.integer({ min: 1, max: 60 }),
      requests: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.nat()), { maxLength: 80 }),
    });

    it('stays within the proved bounds with costs: ≤ limit per aligned window, ≤ 2 × limit − 1 per sliding window', () => {
      fc.assert(
        fc.property(traffic, ({ limit, windowMs, requests }) => {
          const { limiter, clock } = onClock(limit, windowMs);
          const admitted: Admitted[] = [];
          for (const [gap, seed] of requests) {
            clock.t += gap;
            const cost = 1 + (seed % limit);
            if (limiter.tryAcquire('', cost).allowed) admitted.push({ t: clock.t, cost });
          }
          expectWithinBounds(admitted, limit, windowMs);
        }),
      );
    });

    it('denies only when more than limit − cost units came in the previous and current windows', () => {
      fc.assert(
        fc.property(traffic, ({ limit, windowMs, requests }) => {
          const { limiter, clock } = onClock(limit, windowMs);
          const admitted: Admitted[] = [];
          const denied: Denied[] = [];
          for (const [gap, seed] of requests) {
            clock.t += gap;
            const cost = 1 + (seed % limit);
            (limiter.tryAcquire('', cost).allowed ? admitted : denied).push({ t: clock.t, cost });
          }
          expectDenialsJustified(admitted, denied, limit, windowMs);
        }),
      );
    });
  });

  it('agrees with the model on random costs, every field of the decision', () => {
    checkAgainstModel({
      setup: () => counterSetup(SlidingWindowCounter, { limit: 6, windowMs: 10 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.integer({ min: 0, max: 6 }), 'all'),
        acquireStep(fc.constant(undefined), fc.constant(undefined), 'all'),
        estimateStep(fc.constant(undefined)),
        advanceStep(8),
      ],
    });
  });

  it('agrees with the model when the clock goes back now and then', () => {
    checkAgainstModel({
      setup: () => counterSetup(SlidingWindowCounter, { limit: 4, windowMs: 7 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.integer({ min: 0, max: 4 }), 'all'),
        estimateStep(fc.constant(undefined)),
        advanceStep(6),
        rewindStep(9),
      ],
    });
  });
});
