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

describe(level(2, 'Costs and retry times'), () => {
  describe('cost', () => {
    it('counts `cost` at once', () => {
      const { limiter } = onClock(10, 1_000);
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: true, remaining: 6 });
      expect(limiter.tryAcquire('', 6)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('denies a cost larger than what is left and counts nothing (no partial grant)', () => {
      const { limiter } = onClock(10, 1_000);
      limiter.tryAcquire('', 7); // 3 left
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: false, remaining: 3 });
      expect(limiter.tryAcquire('', 3)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('allows a cost equal to the limit in a fresh window', () => {
      const { limiter } = onClock(5, 1_000);
      expect(limiter.tryAcquire('', 5)).toMatchObject({ allowed: true, remaining: 0 });
    });

    test.each([
      { label: 'a negative cost', cost: -1 },
      { label: 'a fractional cost', cost: 1.5 },
      { label: 'NaN', cost: Number.NaN },
      { label: 'Infinity', cost: Number.POSITIVE_INFINITY },
      { label: 'a cost above the limit', cost: 6 },
    ])('rejects $label with a RangeError naming cost, the value and the limit', ({ cost }) => {
      const { limiter } = onClock(5, 1_000);
      const call = () => limiter.tryAcquire('', cost);
      expect(call).toThrow(RangeError);
      expect(call).toThrow(/`cost`/);
      expect(call).toThrow(`\`${String(cost)}\` (number)`);
      expect(call).toThrow(/\(5\)/);
    });

    test.each([
      ['a string', '1', 'string'],
      ['null', null, 'null'],
      ['a bigint', 1n, 'bigint'],
    ])('rejects a cost that is %s with a TypeError naming cost', (_label, cost, type) => {
      const { limiter } = onClock(5, 1_000);
      // @ts-expect-error: wrongly typed on purpose
      const call = () => limiter.tryAcquire('', cost);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/`cost`/);
      expect(call).toThrow(`(${type})`);
    });

    it('treats an explicit undefined cost as the default 1', () => {
      const { limiter } = onClock(5, 1_000);
      expect(limiter.tryAcquire('', undefined).remaining).toBe(4);
    });

    it('changes nothing when a call throws', () => {
      const { limiter } = onClock(2, 1_000);
      expect(() => limiter.tryAcquire('', 3)).toThrow(RangeError);
      expect(() => limiter.tryAcquire('', -1)).toThrow(RangeError);
      expect(limiter.tryAcquire('', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });
  });

  describe('cost 0 is a peek', () => {
    it('is allowed and counts nothing', () => {
      const { limiter } = onClock(3, 1_000, 250);
      expect(limiter.tryAcquire('', 0)).toEqual({
        allowed: true,
        remaining: 3,
        retryAfterMs: 0,
        limit: 3,
        resetAfterMs: 750,
      });
      expect(limiter.tryAcquire('', 3).allowed).toBe(true);
    });

    it('is allowed even when the window is spent, and reports what is left', () => {
      const { limiter } = onClock(2, 1_000, 100);
      limiter.tryAcquire('', 2);
      expect(limiter.tryAcquire('', 0)).toEqual({
        allowed: true,
        remaining: 0,
        retryAfterMs: 0,
        limit: 2,
        resetAfterMs: 900,
      });
    });
  });

  describe('retryAfterMs', () => {
    test.each([
      { windowMs: 1_000, at: 0, retry: 1_000 },
      { windowMs: 1_000, at: 1, retry: 999 },
      { windowMs: 1_000, at: 520, retry: 480 },
      { windowMs: 1_000, at: 999, retry: 1 },
      { windowMs: 1_000, at: 12_345, retry: 655 },
      { windowMs: 60_000, at: 59_000, retry: 1_000 },
      { windowMs: 7, at: 15, retry: 6 },
    ])('window $windowMs ms, spent at t=$at: retryAfterMs $retry (to the next window start)', (row) => {
      const { limiter } = onClock(1, row.windowMs, row.at);
      limiter.tryAcquire();
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: row.retry });
    });

    test.each([
      { windowMs: 1_000, at: 520 },
      { windowMs: 1_000, at: 0 },
      { windowMs: 250, at: 999 },
      { windowMs: 7, at: 15 },
    ])('window $windowMs ms, denied at t=$at: waiting retryAfterMs is allowed, 1 ms less is not', (row) => {
      const { limiter, clock } = onClock(1, row.windowMs, row.at);
      limiter.tryAcquire();
      const { retryAfterMs } = limiter.tryAcquire();
      clock.t = row.at + retryAfterMs - 1;
      expect(limiter.tryAcquire().allowed).toBe(false);
      clock.t = row.at + retryAfterMs;
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('is the same for every cost: all wait for the next window', () => {
      const { limiter } = onClock(4, 1_000, 300);
      limiter.tryAcquire('', 3);
      expect([2, 3, 4].map((cost) => limiter.tryAcquire('', cost).retryAfterMs)).toEqual([700, 700, 700]);
    });

    it('counts to the end of the latest window after the clock went back', () => {
      const { limiter, clock } = onClock(1, 1_000, 5_500);
      limiter.tryAcquire(); // window 5 spent
      clock.t = 3_200;
      expect(limiter.tryAcquire()).toMatchObject({ allowed: false, retryAfterMs: 2_800 });
    });
  });

  describe('resetAfterMs', () => {
    test.each([
      { at: 0, reset: 1_000 },
      { at: 1, reset: 999 },
      { at: 999, reset: 1 },
      { at: 4_321, reset: 679 },
    ])('is $reset at t=$at with 1000-ms windows, on allowed decisions too', ({ at, reset }) => {
      const { limiter } = onClock(5, 1_000, at);
      expect(limiter.tryAcquire()).toMatchObject({ allowed: true, resetAfterMs: reset });
    });
  });

  it('agrees with the list model on random costs and clock steps, whole decisions', () => {
    checkAgainstModel({
      setup: () => windowSetup(FixedWindow, { limit: 4, windowMs: 1_000 }),
      steps: [tryStep(fc.integer({ min: 0, max: 4 })), advanceStep, rewindStep],
    });
  });

  it.each([
    { limit: 1, windowMs: 300 },
    { limit: 5, windowMs: 2_000 },
  ])('agrees with the model at limit $limit per $windowMs ms', ({ limit, windowMs }) => {
    checkAgainstModel({
      setup: () => windowSetup(FixedWindow, { limit, windowMs, start: 77 }),
      steps: [tryStep(fc.integer({ min: 0, max: limit })), advanceStep, rewindStep],
      numRuns: 60,
    });
  });
});
