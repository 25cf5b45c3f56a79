import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { acquireStep, advanceStep, logSetup, rewindStep } from './model.ts';

const { SlidingWindowLog } =
  await loadKata<typeof import('../../katas/sliding-window-log/index.ts')>('sliding-window-log');

/** A limiter on a fake clock that starts at t=1000. */
function onClock(limit: number, windowMs: number, start = 1_000) {
  const clock: { t: unknown } = { t: start };
  const limiter = new SlidingWindowLog({ limit, windowMs, now: () => clock.t as number });
  return { limiter, clock: clock as { t: number }, rawClock: clock };
}

describe(level(2, 'Costs and retryAfterMs'), () => {
  describe('cost', () => {
    test.each([
      { limit: 5, costs: [5, 1], allowed: [true, false], remaining: [0, 0] },
      { limit: 5, costs: [3, 3, 2], allowed: [true, false, true], remaining: [2, 2, 0] },
      { limit: 5, costs: [2, 2, 2, 1], allowed: [true, true, false, true], remaining: [3, 1, 1, 0] },
      { limit: 1, costs: [1, 1], allowed: [true, false], remaining: [0, 0] },
      { limit: 10, costs: [10, 0], allowed: [true, true], remaining: [0, 0] },
    ])(
      'limit $limit, costs $costs at one instant: allowed $allowed, remaining $remaining',
      ({ limit, costs, allowed, remaining }) => {
        const { limiter } = onClock(limit, 1_000);
        const decisions = costs.map((cost) => limiter.tryAcquire(undefined, cost));
        expect(decisions.map((d) => d.allowed)).toEqual(allowed);
        expect(decisions.map((d) => d.remaining)).toEqual(remaining);
      },
    );

    it('reports, when denied, the units still available so a smaller request can fit', () => {
      const { limiter } = onClock(5, 1_000);
      limiter.tryAcquire('', 3);
      expect(limiter.tryAcquire('', 3)).toMatchObject({ allowed: false, remaining: 2 });
      expect(limiter.tryAcquire('', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('frees all the units of one request together when it leaves the window', () => {
      const { limiter, clock } = onClock(4, 100, 0);
      limiter.tryAcquire('', 3); // t=0
      clock.t = 50;
      limiter.tryAcquire('', 1); // t=50
      clock.t = 100; // the 3 units of t=0 leave together
      expect(limiter.tryAcquire('', 0).remaining).toBe(3);
      expect(limiter.tryAcquire('', 4).allowed).toBe(false);
      expect(limiter.tryAcquire('', 3).allowed).toBe(true);
    });

    describe('cost 0 is a peek', () => {
      it('is allowed on a full window and reports what remains', () => {
        const { limiter } = onClock(2, 1_000);
        limiter.tryAcquire('', 2);
        expect(limiter.tryAcquire('', 0)).toEqual({
          allowed: true,
          remaining: 0,
          retryAfterMs: 0,
          limit: 2,
          resetAfterMs: 1_000,
        });
      });

      it('records nothing', () => {
        const { limiter } = onClock(2, 1_000);
        for (let i = 0; i < 5; i++) limiter.tryAcquire('', 0);
        expect(limiter.tryAcquire('', 2).allowed).toBe(true);
      });

      it('on a key that holds nothing reports the full limit and no reset', () => {
        const { limiter } = onClock(7, 1_000);
        expect(limiter.tryAcquire('', 0)).toEqual({
          allowed: true,
          remaining: 7,
          retryAfterMs: 0,
          limit: 7,
          resetAfterMs: 0,
        });
      });
    });

    test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 6, 100])(
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
      ['the bigint 1n', 1n, 'bigint'],
    ])('rejects cost %s with a TypeError naming cost and the type', (_label, cost, type) => {
      const { limiter } = onClock(5, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(/`cost`/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => limiter.tryAcquire('', cost)).toThrow(`(${type})`);
    });

    it('changes nothing when it throws', () => {
      const { limiter } = onClock(2, 1_000);
      limiter.tryAcquire('', 1);
      expect(() => limiter.tryAcquire('', 3)).toThrow(RangeError);
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: true, remaining: 0 });
    });
  });

  describe('retryAfterMs', () => {
    it('is 0 when allowed', () => {
      const { limiter } = onClock(3, 1_000);
      expect(limiter.tryAcquire('', 2).retryAfterMs).toBe(0);
      expect(limiter.tryAcquire('', 1).retryAfterMs).toBe(0);
    });

    test.each([
      {
        title: 'cost 1: the oldest unit leaves',
        limit: 2,
        history: [
          [0, 1],
          [400, 1],
        ],
        at: 900,
        cost: 1,
        retry: 100,
      },
      {
        title: 'cost 3 needs the two oldest requests to leave',
        limit: 5,
        history: [
          [0, 2],
          [100, 2],
          [200, 1],
        ],
        at: 300,
        cost: 3,
        retry: 800,
      },
      {
        title: 'cost 5 (the limit) needs every unit to leave',
        limit: 5,
        history: [
          [0, 2],
          [100, 2],
          [200, 1],
        ],
        at: 300,
        cost: 5,
        retry: 900,
      },
      {
        title: 'one big request frees enough at once',
        limit: 5,
        history: [
          [0, 4],
          [100, 1],
        ],
        at: 150,
        cost: 2,
        retry: 850,
      },
      {
        title: 'requests at the same instant leave at the same instant',
        limit: 3,
        history: [
          [10, 1],
          [10, 1],
          [20, 1],
        ],
        at: 20,
        cost: 2,
        retry: 990,
      },
      {
        title: 'denied at the last instant before the oldest leaves',
        limit: 1,
        history: [[0, 1]],
        at: 999,
        cost: 1,
        retry: 1,
      },
    ] as const)('$title: retryAfterMs $retry', ({ limit, history, at, cost, retry }) => {
      const { limiter, clock } = onClock(limit, 1_000, 0);
      for (const [t, units] of history) {
        clock.t = t;
        expect(limiter.tryAcquire('', units).allowed).toBe(true);
      }
      clock.t = at;
      expect(limiter.tryAcquire('', cost)).toMatchObject({ allowed: false, retryAfterMs: retry });
      clock.t = at + retry - 1;
      expect(limiter.tryAcquire('', cost).allowed).toBe(false); // one millisecond early: denied
      clock.t = at + retry;
      expect(limiter.tryAcquire('', cost).allowed).toBe(true); // exactly retryAfterMs later: allowed
    });

    it('is the least wait on random traffic: waiting exactly that long allows, one millisecond less denies', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.integer({ min: 1, max: 50 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat()), { maxLength: 40 }),
          (limit, windowMs, requests) => {
            const { limiter, clock } = onClock(limit, windowMs, 0);
            for (const [gap, seed] of requests) {
              clock.t += gap;
              const cost = 1 + (seed % limit);
              const decision = limiter.tryAcquire('', cost);
              if (decision.allowed) continue;
              expect(decision.retryAfterMs).toBeGreaterThan(0);
              expect(decision.retryAfterMs).toBeLessThanOrEqual(windowMs);
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
    it('is windowMs after an allowed request', () => {
      const { limiter, clock } = onClock(3, 1_000, 0);
      expect(limiter.tryAcquire('', 1).resetAfterMs).toBe(1_000);
      clock.t = 300;
      expect(limiter.tryAcquire('', 1).resetAfterMs).toBe(1_000);
    });

    it('counts down to the instant the newest unit leaves', () => {
      const { limiter, clock } = onClock(2, 1_000, 0);
      limiter.tryAcquire('', 1); // t=0
      clock.t = 300;
      limiter.tryAcquire('', 1); // t=300, newest
      clock.t = 800;
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: false, retryAfterMs: 200, resetAfterMs: 500 });
      expect(limiter.tryAcquire('', 0).resetAfterMs).toBe(500);
      clock.t = 1_300;
      expect(limiter.tryAcquire('', 0).resetAfterMs).toBe(0);
    });
  });

  describe('the clock', () => {
    it('going backwards lets no unit back in and frees none early', () => {
      const { limiter, clock } = onClock(1, 100, 1_000);
      limiter.tryAcquire(); // t=1000
      clock.t = 900; // the clock steps back 100 ms: the limiter keeps t=1000
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 100 });
      clock.t = 1_099;
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 1_100;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('measures waits from the latest time seen', () => {
      const { limiter, clock } = onClock(1, 100, 1_000);
      limiter.tryAcquire(); // t=1000
      clock.t = 1_050;
      limiter.tryAcquire(); // t=1050, denied
      clock.t = 0; // far back: taken as t=1050
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 50, resetAfterMs: 50 });
    });

    test.each([
      ['NaN', Number.NaN, RangeError, 'number'],
      ['Infinity', Number.POSITIVE_INFINITY, RangeError, 'number'],
      ['a string', '1000', TypeError, 'string'],
      ['undefined', undefined, TypeError, 'undefined'],
    ] as const)('a clock that returns %s makes tryAcquire throw, naming now()', (_label, reading, error, type) => {
      const { limiter, rawClock } = onClock(1, 100);
      rawClock.t = reading;
      expect(() => limiter.tryAcquire()).toThrow(error);
      expect(() => limiter.tryAcquire()).toThrow(/`now\(\)`/);
      expect(() => limiter.tryAcquire()).toThrow(`(${type})`);
    });
  });

  it('agrees with the model on random costs, every field of the decision', () => {
    checkAgainstModel({
      setup: () => logSetup(SlidingWindowLog, { limit: 6, windowMs: 12 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.integer({ min: 0, max: 6 }), 'all'),
        acquireStep(fc.constant(undefined), fc.constant(undefined), 'all'),
        advanceStep(7),
      ],
    });
  });

  it('agrees with the model when the clock goes back now and then', () => {
    checkAgainstModel({
      setup: () => logSetup(SlidingWindowLog, { limit: 4, windowMs: 10 }),
      steps: [
        acquireStep(fc.constant(undefined), fc.integer({ min: 0, max: 4 }), 'all'),
        advanceStep(6),
        rewindStep(8),
      ],
    });
  });
});
