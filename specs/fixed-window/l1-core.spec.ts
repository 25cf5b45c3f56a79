import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { advanceStep, rewindStep, tryStep, windowSetup } from './model.ts';

const { FixedWindow } = await loadKata<typeof import('../../katas/fixed-window/index.ts')>('fixed-window');

/** A limiter on a fake clock. */
function onClock(limit: number, windowMs: number, start = 0) {
  const clock = { t: start };
  const limiter = new FixedWindow({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

/** Calls tryAcquire `times` times and lists which were allowed. */
function allowedRun(limiter: { tryAcquire(key?: string): { allowed: boolean } }, times: number, key?: string) {
  return Array.from({ length: times }, () => limiter.tryAcquire(key).allowed);
}

describe(level(1, 'Core: counting in aligned windows'), () => {
  describe('constructor', () => {
    test.each([
      { limit: 1, windowMs: 1 },
      { limit: 100, windowMs: 60_000 },
      { limit: Number.MAX_SAFE_INTEGER, windowMs: Number.MAX_SAFE_INTEGER },
    ])('accepts limit $limit per $windowMs ms and reports both', (options) => {
      const limiter = new FixedWindow(options);
      expect([limiter.limit, limiter.windowMs]).toEqual([options.limit, options.windowMs]);
    });

    test.each(['limit', 'windowMs'] as const)('rejects bad numbers for %s with a RangeError naming it', (name) => {
      for (const value of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
        const create = () => new FixedWindow({ limit: 1, windowMs: 1_000, [name]: value });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(`\`${name}\``);
        expect(create).toThrow(`\`${String(value)}\` (number)`);
      }
    });

    test.each([
      ['limit', '3', 'string'],
      ['limit', undefined, 'undefined'],
      ['limit', null, 'null'],
      ['windowMs', '1000', 'string'],
      ['windowMs', undefined, 'undefined'],
      ['windowMs', 1000n, 'bigint'],
    ])('rejects %s = %s (not a number) with a TypeError naming it and the type got', (name, value, type) => {
      const options = { limit: 1, windowMs: 1_000, [name]: value } as { limit: unknown; windowMs: unknown };
      // @ts-expect-error: wrongly typed on purpose
      const create = () => new FixedWindow(options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(name);
      expect(create).toThrow(`(${type})`);
    });

    test.each([
      ['a number', 5, 'number'],
      ['null', null, 'null'],
    ])('rejects now = %s with a TypeError naming now', (_label, now, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => new FixedWindow({ limit: 1, windowMs: 1_000, now });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`now`/);
      expect(create).toThrow(`(${type})`);
    });

    it('uses Date.now when no clock is given', () => {
      const limiter = new FixedWindow({ limit: 1, windowMs: 60_000 });
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  describe('counting', () => {
    test.each([1, 2, 5, 100])('allows %i requests in a window, then denies', (limit) => {
      const { limiter } = onClock(limit, 1_000);
      expect(allowedRun(limiter, limit + 1)).toEqual([...Array<boolean>(limit).fill(true), false]);
    });

    it('counts remaining down to 0 and reports the limit', () => {
      const { limiter } = onClock(3, 1_000);
      const decisions = [limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()];
      expect(decisions.map((d) => [d.allowed, d.remaining, d.limit])).toEqual([
        [true, 2, 3],
        [true, 1, 3],
        [true, 0, 3],
        [false, 0, 3],
      ]);
    });

    it('reports retryAfterMs 0 when allowed', () => {
      const { limiter } = onClock(2, 1_000);
      expect(limiter.tryAcquire().retryAfterMs).toBe(0);
    });

    it('does not count denied requests: remaining stays at 0', () => {
      const { limiter } = onClock(2, 1_000);
      const decisions = Array.from({ length: 5 }, () => limiter.tryAcquire()); // 2 allowed, 3 denied
      expect(decisions.map((d) => d.remaining)).toEqual([1, 0, 0, 0, 0]);
    });

    it('starts the next window afresh, whatever was denied before', () => {
      const { limiter, clock } = onClock(2, 1_000);
      Array.from({ length: 5 }, () => limiter.tryAcquire());
      clock.t = 1_000;
      expect(allowedRun(limiter, 3)).toEqual([true, true, false]);
    });

    it('denies for the rest of the window, however many times it is asked', () => {
      const { limiter, clock } = onClock(1, 1_000);
      limiter.tryAcquire();
      for (const t of [1, 500, 999]) {
        clock.t = t;
        expect(limiter.tryAcquire().allowed).toBe(false);
      }
    });
  });

  describe('windows aligned to the clock', () => {
    test.each([
      { first: 0, second: 999, allowed: false, why: 'same window [0, 1000)' },
      { first: 999, second: 1_000, allowed: true, why: 'next window starts at 1000' },
      { first: 500, second: 1_000, allowed: true, why: 'not 1000 ms after the first request, still a new window' },
      { first: 1_000, second: 1_999, allowed: false, why: 'same window [1000, 2000)' },
      { first: 1_999, second: 2_000, allowed: true, why: 'window [2000, 3000)' },
      { first: 0, second: 5_000, allowed: true, why: 'five windows later' },
    ])('limit 1 per 1000 ms: at t=$first then t=$second, the second is allowed=$allowed ($why)', (row) => {
      const { limiter, clock } = onClock(1, 1_000, row.first);
      expect(limiter.tryAcquire().allowed).toBe(true);
      clock.t = row.second;
      expect(limiter.tryAcquire().allowed).toBe(row.allowed);
    });

    it('aligns to multiples of the window length, not to the first request', () => {
      const { limiter, clock } = onClock(2, 1_000, 1_700); // first request late in window [1000, 2000)
      allowedRun(limiter, 2);
      clock.t = 2_600; // less than 1000 ms after the first request, but a new window
      expect(allowedRun(limiter, 3)).toEqual([true, true, false]);
    });

    it('works far from zero and with odd window lengths', () => {
      const start = Math.floor(1e12 / 7) * 7; // a multiple of 7 near 1e12
      const { limiter, clock } = onClock(1, 7, start + 6); // the last ms of window [start, start + 7)
      expect(limiter.tryAcquire().allowed).toBe(true);
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = start + 7;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });
  });

  describe('the boundary burst', () => {
    test.each([1, 3, 10])(
      'allows limit (%i) at the end of one window plus limit at the start of the next: 2 × limit in 2 ms',
      (limit) => {
        const { limiter, clock } = onClock(limit, 1_000, 999); // t=999: last ms of [0, 1000)
        const end = allowedRun(limiter, limit);
        clock.t = 1_000; // t=1000: first ms of [1000, 2000)
        const start = allowedRun(limiter, limit);
        expect([...end, ...start]).toEqual(Array<boolean>(2 * limit).fill(true));
        expect(limiter.tryAcquire().allowed).toBe(false);
      },
    );
  });

  describe('keys', () => {
    it('uses one shared key, "", when the key is omitted', () => {
      const { limiter } = onClock(2, 1_000);
      limiter.tryAcquire();
      limiter.tryAcquire('');
      expect([limiter.tryAcquire().allowed, limiter.tryAcquire('').allowed]).toEqual([false, false]);
    });

    it('counts every key separately', () => {
      const { limiter } = onClock(1, 1_000);
      expect([limiter.tryAcquire('a').allowed, limiter.tryAcquire('b').allowed]).toEqual([true, true]);
      expect([limiter.tryAcquire('a').allowed, limiter.tryAcquire('b').allowed]).toEqual([false, false]);
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    test.each(['__proto__', 'constructor', 'toString'])('treats %s as an ordinary key', (key) => {
      const { limiter } = onClock(1, 1_000);
      expect([limiter.tryAcquire(key).allowed, limiter.tryAcquire(key).allowed]).toEqual([true, false]);
    });

    test.each([
      ['a number', 1, 'number'],
      ['null', null, 'null'],
      ['an object', {}, 'object'],
    ])('rejects a key that is %s with a TypeError naming key', (_label, key, type) => {
      const { limiter } = onClock(1, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      const call = () => limiter.tryAcquire(key);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/`key`/);
      expect(call).toThrow(`(${type})`);
    });

    it('keeps separate limiters separate', () => {
      const clock = { t: 0 };
      const first = new FixedWindow({ limit: 1, windowMs: 1_000, now: () => clock.t });
      const second = new FixedWindow({ limit: 1, windowMs: 1_000, now: () => clock.t });
      first.tryAcquire('a');
      expect(second.tryAcquire('a').allowed).toBe(true);
    });
  });

  describe('a clock that goes backwards', () => {
    it('does not reopen the window when the clock steps back within it', () => {
      const { limiter, clock } = onClock(1, 1_000, 800);
      limiter.tryAcquire(); // t=800
      clock.t = 100;
      expect(limiter.tryAcquire().allowed).toBe(false);
    });

    it('does not grant a fresh allowance when the clock steps back into an earlier window', () => {
      const { limiter, clock } = onClock(2, 1_000, 5_500);
      allowedRun(limiter, 2); // t=5500: window 5 spent
      clock.t = 3_200; // window 3 by the clock; the limiter stays in window 5
      expect(limiter.tryAcquire().allowed).toBe(false);
    });

    it('opens the next window once the clock passes the end of the latest one', () => {
      const { limiter, clock } = onClock(1, 1_000, 5_500);
      limiter.tryAcquire(); // window 5
      clock.t = 3_200;
      limiter.tryAcquire(); // denied
      clock.t = 5_999;
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = 6_000;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('counts what it allows after a backward step in the latest window', () => {
      const { limiter, clock } = onClock(2, 1_000, 5_500);
      limiter.tryAcquire(); // t=5500, window 5: 1 spent
      clock.t = 3_200;
      expect(limiter.tryAcquire().allowed).toBe(true); // counted in window 5: 2 spent
      clock.t = 5_600;
      expect(limiter.tryAcquire().allowed).toBe(false);
    });
  });

  it('agrees with a list-of-requests model on random cost-1 requests and clock steps', () => {
    checkAgainstModel({
      setup: () => windowSetup(FixedWindow, { limit: 3, windowMs: 1_000 }),
      steps: [tryStep(fc.constant(1), 'core'), advanceStep, rewindStep],
    });
  });

  it.each([
    { limit: 1, windowMs: 250 },
    { limit: 2, windowMs: 1_000 },
    { limit: 4, windowMs: 3_000 },
  ])('agrees with the model at limit $limit per $windowMs ms', ({ limit, windowMs }) => {
    checkAgainstModel({
      setup: () => windowSetup(FixedWindow, { limit, windowMs, start: 123 }),
      steps: [tryStep(fc.constant(1), 'core'), advanceStep, rewindStep],
      numRuns: 60,
    });
  });
});
