import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { advanceStep, bucketSetup, rewindStep, trackedStep, tryStep } from './model.ts';

const { TokenBucket } = await loadKata<typeof import('../../katas/token-bucket/index.ts')>('token-bucket');

/** A limiter on a fake clock that starts at t=0. Fill time: capacity / rate seconds. */
function onClock(capacity: number, refillPerSecond: number) {
  const clock = { t: 0 };
  const limiter = new TokenBucket({ capacity, refillPerSecond, now: () => clock.t });
  return { limiter, clock };
}

describe(level(3, 'Many keys, bounded memory'), () => {
  describe('trackedKeys', () => {
    it('is 0 for a new limiter', () => {
      const { limiter } = onClock(2, 1);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('counts each key whose bucket is not full', () => {
      const { limiter } = onClock(2, 1);
      for (const key of ['a', 'b', 'c']) limiter.tryAcquire(key);
      limiter.tryAcquire('a'); // same key again
      expect(limiter.trackedKeys).toBe(3);
    });

    it('holds no bucket for a peek of an unknown key', () => {
      const { limiter } = onClock(2, 1);
      limiter.tryAcquire('a', 0);
      limiter.tryAcquire('', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('keeps a denied key: its bucket is empty, not full', () => {
      const { limiter } = onClock(1, 1);
      limiter.tryAcquire('a');
      limiter.tryAcquire('a'); // denied
      expect(limiter.trackedKeys).toBe(1);
    });

    it('does not change when read', () => {
      const { limiter, clock } = onClock(1, 1);
      limiter.tryAcquire('a');
      clock.t = 5_000;
      expect([limiter.trackedKeys, limiter.trackedKeys]).toEqual([1, 1]);
    });
  });

  describe('forgetting full buckets', () => {
    test.each([
      { capacity: 1, rate: 1, fillMs: 1_000 },
      { capacity: 4, rate: 2, fillMs: 2_000 },
      { capacity: 3, rate: 0.5, fillMs: 6_000 },
    ])(
      'capacity $capacity at $rate/s: keys idle for a fill time ($fillMs ms) are gone after the next call',
      ({ capacity, rate, fillMs }) => {
        const { limiter, clock } = onClock(capacity, rate);
        for (let i = 0; i < 1_000; i++) limiter.tryAcquire(`user-${i}`, capacity); // t=0: 1000 empty buckets
        clock.t = fillMs - 1; // one ms short of full
        limiter.tryAcquire('other');
        expect(limiter.trackedKeys).toBe(1_001);
        clock.t = fillMs; // all 1000 are full again
        limiter.tryAcquire('other');
        expect(limiter.trackedKeys).toBe(1);
      },
    );

    it('forgets a bucket as soon as a call finds it full, even when the call is a peek of another key', () => {
      const { limiter, clock } = onClock(2, 1);
      limiter.tryAcquire('a', 2); // t=0: empty, full again at t=2000
      clock.t = 2_000;
      limiter.tryAcquire('b', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('forgets a bucket when a peek of its own key finds it full', () => {
      const { limiter, clock } = onClock(2, 1);
      limiter.tryAcquire('a'); // t=0
      clock.t = 1_000;
      expect(limiter.tryAcquire('a', 0).remaining).toBe(2);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('keeps the buckets used recently and forgets the idle ones', () => {
      const { limiter, clock } = onClock(2, 1); // fill time 2 s
      limiter.tryAcquire('idle', 2); // t=0
      clock.t = 1_500;
      limiter.tryAcquire('busy', 2); // t=1500
      clock.t = 2_000;
      limiter.tryAcquire('x', 0);
      expect(limiter.trackedKeys).toBe(1); // 'busy' is not full yet
      clock.t = 3_500;
      limiter.tryAcquire('x', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('starts a forgotten key full, exactly as if it had been kept', () => {
      const { limiter, clock } = onClock(3, 1);
      limiter.tryAcquire('a', 3); // t=0: empty
      clock.t = 10_000;
      limiter.tryAcquire('other', 0); // 'a' is forgotten
      expect(limiter.tryAcquire('a', 3)).toMatchObject({ allowed: true, remaining: 0 });
      expect(limiter.tryAcquire('a')).toMatchObject({ allowed: false, retryAfterMs: 1_000 });
    });

    it('does not forget a bucket that only looks idle while the clock went back', () => {
      const { limiter, clock } = onClock(2, 1);
      clock.t = 10_000;
      limiter.tryAcquire('a', 2); // t=10000: empty
      clock.t = 0; // back 10 s: no time passes for the limiter
      limiter.tryAcquire('b', 0);
      expect(limiter.trackedKeys).toBe(1);
      expect(limiter.tryAcquire('a', 0).remaining).toBe(0);
    });

    it('forgets, by the limiter time, after the clock went back', () => {
      const { limiter, clock } = onClock(2, 1);
      clock.t = 10_000;
      limiter.tryAcquire('a', 2); // t=10000: empty
      clock.t = 0;
      limiter.tryAcquire('b', 0); // back: no time passes
      clock.t = 2_000; // 2 s of limiter time since 'a' emptied
      limiter.tryAcquire('b', 0);
      expect(limiter.trackedKeys).toBe(0);
    });
  });

  describe('many keys', () => {
    it('stays bounded when a million distinct keys each make one request over time', () => {
      const { limiter, clock } = onClock(10, 10); // fill time 1 s
      let peak = 0;
      for (let i = 0; i < 1_000_000; i++) {
        clock.t = i; // one new key per millisecond
        limiter.tryAcquire(`k${i}`);
        if ((i & 1023) === 0) peak = Math.max(peak, limiter.trackedKeys);
      }
      // Each bucket is one token short for 100 ms, so about 100 are held at any time.
      expect(peak).toBeLessThanOrEqual(101);
      expect(limiter.trackedKeys).toBeLessThanOrEqual(101);
    });

    it('keeps tryAcquire O(1): the cost per call does not grow with the keys held', () => {
      expectFlatCost({
        label: 'tryAcquire with n keys held (hot keys plus new keys, nothing refilled)',
        create: (n) => {
          const clock = { t: 0 };
          // A very slow refill: nothing is full again during the measurement, so every key stays held.
          const limiter = new TokenBucket({ capacity: 4, refillPerSecond: 1e-6, now: () => clock.t });
          return { limiter, clock, next: n };
        },
        fill: (state, i) => {
          state.limiter.tryAcquire(`k${i}`);
        },
        operation: (state, i) => {
          state.clock.t++;
          if ((i & 3) === 3) state.limiter.tryAcquire(`k${state.next++}`);
          else state.limiter.tryAcquire(`k${state.next - 1 - (i & 63)}`);
        },
      });
    });

    it('keeps tryAcquire O(1) while it forgets: many buckets full at once cost no more per call', () => {
      expectFlatCost({
        label: 'tryAcquire right after n buckets became full at once',
        create: (n) => {
          const clock = { t: 0 };
          const limiter = new TokenBucket({ capacity: 1, refillPerSecond: 1, now: () => clock.t });
          return { limiter, clock, n };
        },
        fill: (state, i) => {
          state.limiter.tryAcquire(`k${i}`); // t=0: every bucket empty
        },
        operation: (state, i) => {
          // From t=1000 every one of the n buckets is full; calls at later times may forget them.
          state.clock.t = 1_000 + i;
          state.limiter.tryAcquire(`new${i & 15}`, 0);
        },
      });
    });
  });

  it('agrees with the model on trackedKeys bounds, random keys, costs and clock steps', () => {
    checkAgainstModel({
      setup: () => bucketSetup(TokenBucket, { capacity: 3, rate: 2 }),
      steps: [tryStep(fc.integer({ min: 0, max: 3 })), advanceStep, rewindStep, trackedStep],
    });
  });
});
