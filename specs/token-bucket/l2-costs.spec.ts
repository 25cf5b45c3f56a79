import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { advanceStep, bucketSetup, rewindStep, tryStep } from './model.ts';

const { TokenBucket } = await loadKata<typeof import('../../katas/token-bucket/index.ts')>('token-bucket');

/** A limiter on a fake clock that starts at t=0. */
function onClock(capacity: number, refillPerSecond: number) {
  const clock = { t: 0 };
  const limiter = new TokenBucket({ capacity, refillPerSecond, now: () => clock.t });
  return { limiter, clock };
}

describe(level(2, 'Costs and retry times'), () => {
  describe('cost', () => {
    it('takes `cost` tokens at once', () => {
      const { limiter } = onClock(10, 1);
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: true, remaining: 6 });
      expect(limiter.tryAcquire('', 6)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('denies a cost larger than what is left, and takes nothing (no partial grant)', () => {
      const { limiter } = onClock(10, 1);
      limiter.tryAcquire('', 7); // 3 left
      expect(limiter.tryAcquire('', 4)).toMatchObject({ allowed: false, remaining: 3 });
      expect(limiter.tryAcquire('', 3)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('allows a cost equal to the capacity from a full bucket', () => {
      const { limiter } = onClock(5, 1);
      expect(limiter.tryAcquire('', 5)).toMatchObject({ allowed: true, remaining: 0 });
    });

    test.each([
      { label: 'a negative cost', cost: -1 },
      { label: 'a fractional cost', cost: 1.5 },
      { label: 'NaN', cost: Number.NaN },
      { label: 'Infinity', cost: Number.POSITIVE_INFINITY },
      { label: 'a cost above the capacity', cost: 6 },
    ])('rejects $label with a RangeError naming cost, the value and the capacity', ({ cost }) => {
      const { limiter } = onClock(5, 1);
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
      const { limiter } = onClock(5, 1);
      // @ts-expect-error: wrongly typed on purpose
      const call = () => limiter.tryAcquire('', cost);
      expect(call).toThrow(TypeError);
      expect(call).toThrow(/`cost`/);
      expect(call).toThrow(`(${type})`);
    });

    it('treats an explicit undefined cost as the default 1', () => {
      const { limiter } = onClock(5, 1);
      expect(limiter.tryAcquire('', undefined).remaining).toBe(4);
    });

    it('changes nothing when a call throws', () => {
      const { limiter } = onClock(2, 1);
      expect(() => limiter.tryAcquire('', 3)).toThrow(RangeError);
      expect(() => limiter.tryAcquire('', -1)).toThrow(RangeError);
      expect(limiter.tryAcquire('', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });
  });

  describe('cost 0 is a peek', () => {
    it('is allowed and takes nothing, on a full bucket', () => {
      const { limiter } = onClock(3, 1);
      expect(limiter.tryAcquire('', 0)).toEqual({
        allowed: true,
        remaining: 3,
        retryAfterMs: 0,
        limit: 3,
        resetAfterMs: 0,
      });
      expect(limiter.tryAcquire('', 3).allowed).toBe(true);
    });

    it('is allowed even on an empty bucket, and reports what is left', () => {
      const { limiter, clock } = onClock(3, 1);
      limiter.tryAcquire('', 3); // t=0: empty
      clock.t = 1_500;
      expect(limiter.tryAcquire('', 0)).toEqual({
        allowed: true,
        remaining: 1,
        retryAfterMs: 0,
        limit: 3,
        resetAfterMs: 1_500,
      });
      expect(limiter.tryAcquire('', 1).remaining).toBe(0); // the peek took nothing
    });
  });

  describe('retryAfterMs', () => {
    test.each([
      { capacity: 1, rate: 1, cost: 1, at: 0, retry: 1_000 },
      { capacity: 1, rate: 1, cost: 1, at: 520, retry: 480 },
      { capacity: 1, rate: 1, cost: 1, at: 999, retry: 1 },
      { capacity: 5, rate: 1, cost: 3, at: 0, retry: 3_000 },
      { capacity: 5, rate: 1, cost: 3, at: 1_200, retry: 1_800 },
      { capacity: 5, rate: 2, cost: 5, at: 0, retry: 2_500 },
      { capacity: 4, rate: 3, cost: 1, at: 0, retry: 334 },
      { capacity: 4, rate: 3, cost: 2, at: 100, retry: 567 },
      { capacity: 2, rate: 0.5, cost: 1, at: 0, retry: 2_000 },
      { capacity: 2, rate: 0.25, cost: 2, at: 1_000, retry: 7_000 },
      { capacity: 10, rate: 1_000, cost: 10, at: 0, retry: 10 },
    ])(
      'capacity $capacity at $rate/s, emptied at t=0, cost $cost at t=$at: retryAfterMs $retry',
      ({ capacity, rate, cost, at, retry }) => {
        const { limiter, clock } = onClock(capacity, rate);
        limiter.tryAcquire('', capacity); // t=0: empty
        clock.t = at;
        const denied = limiter.tryAcquire('', cost);
        expect(denied).toMatchObject({ allowed: false, retryAfterMs: retry });
      },
    );

    test.each([
      { capacity: 1, rate: 1, cost: 1, at: 520 },
      { capacity: 5, rate: 1, cost: 3, at: 1_200 },
      { capacity: 4, rate: 3, cost: 1, at: 0 },
      { capacity: 4, rate: 3, cost: 2, at: 100 },
      { capacity: 4, rate: 7, cost: 4, at: 13 },
      { capacity: 2, rate: 0.25, cost: 2, at: 1_000 },
      { capacity: 3, rate: 0.1, cost: 1, at: 0 },
      { capacity: 3, rate: 1.1, cost: 1, at: 0 },
      { capacity: 7, rate: 0.7, cost: 7, at: 1_810 },
    ])(
      'capacity $capacity at $rate/s, cost $cost denied at t=$at: waiting retryAfterMs is allowed, 1 ms less is not',
      ({ capacity, rate, cost, at }) => {
        const early = onClock(capacity, rate);
        early.limiter.tryAcquire('', capacity); // t=0: empty
        early.clock.t = at;
        const { retryAfterMs } = early.limiter.tryAcquire('', cost);
        expect(retryAfterMs).toBeGreaterThan(0);
        expect(Number.isInteger(retryAfterMs)).toBe(true);
        early.clock.t = at + retryAfterMs - 1;
        expect(early.limiter.tryAcquire('', cost).allowed).toBe(false);

        const onTime = onClock(capacity, rate);
        onTime.limiter.tryAcquire('', capacity);
        onTime.clock.t = at;
        onTime.limiter.tryAcquire('', cost);
        onTime.clock.t = at + retryAfterMs;
        expect(onTime.limiter.tryAcquire('', cost).allowed).toBe(true);
      },
    );

    it('is for the same cost: a bigger request waits longer', () => {
      const { limiter } = onClock(4, 1);
      limiter.tryAcquire('', 4); // t=0: empty
      const waits = [1, 2, 4].map((cost) => limiter.tryAcquire('', cost).retryAfterMs);
      expect(waits).toEqual([1_000, 2_000, 4_000]);
    });

    it('is 0 on every allowed decision', () => {
      const { limiter, clock } = onClock(2, 1);
      limiter.tryAcquire('', 2);
      clock.t = 1_000;
      expect(limiter.tryAcquire('', 1).retryAfterMs).toBe(0);
    });
  });

  describe('resetAfterMs', () => {
    test.each([
      { take: 0, rate: 1, reset: 0 },
      { take: 1, rate: 1, reset: 1_000 },
      { take: 3, rate: 1, reset: 3_000 },
      { take: 3, rate: 2, reset: 1_500 },
      { take: 1, rate: 3, reset: 334 },
    ])('is $reset ms after taking $take of 3 tokens at $rate/s', ({ take, rate, reset }) => {
      const { limiter } = onClock(3, rate);
      expect(limiter.tryAcquire('', take).resetAfterMs).toBe(reset);
    });

    it('counts down as the bucket refills, also on a denial', () => {
      const { limiter, clock } = onClock(2, 1);
      limiter.tryAcquire('', 2); // t=0: empty
      clock.t = 700;
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: false, resetAfterMs: 1_300 });
    });
  });

  it('agrees with a tick-by-tick model on random costs, clock steps forward and back', () => {
    checkAgainstModel({
      setup: () => bucketSetup(TokenBucket, { capacity: 4, rate: 3 }),
      steps: [tryStep(fc.integer({ min: 0, max: 4 })), advanceStep, rewindStep],
    });
  });

  it.each([
    { capacity: 1, rate: 1 },
    { capacity: 2, rate: 5 },
    { capacity: 7, rate: 2 },
  ])('agrees with the model at capacity $capacity and $rate tokens/s', ({ capacity, rate }) => {
    checkAgainstModel({
      setup: () => bucketSetup(TokenBucket, { capacity, rate }),
      steps: [tryStep(fc.integer({ min: 0, max: capacity })), advanceStep, rewindStep],
      numRuns: 60,
    });
  });
});
