import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { advanceStep, rewindStep, trackedStep, tryStep, windowSetup } from './model.ts';

const { FixedWindow } = await loadKata<typeof import('../../katas/fixed-window/index.ts')>('fixed-window');

/** A limiter on a fake clock. */
function onClock(limit: number, windowMs: number, start = 0) {
  const clock = { t: start };
  const limiter = new FixedWindow({ limit, windowMs, now: () => clock.t });
  return { limiter, clock };
}

describe(level(3, 'Many keys, bounded memory'), () => {
  describe('trackedKeys', () => {
    it('is 0 for a new limiter', () => {
      const { limiter } = onClock(2, 1_000);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('counts each key that spent something in the current window', () => {
      const { limiter } = onClock(2, 1_000);
      for (const key of ['a', 'b', 'c', 'a']) limiter.tryAcquire(key);
      expect(limiter.trackedKeys).toBe(3);
    });

    it('holds nothing for a peek', () => {
      const { limiter } = onClock(2, 1_000);
      limiter.tryAcquire('a', 0);
      limiter.tryAcquire('', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('does not change when read', () => {
      const { limiter, clock } = onClock(1, 1_000);
      limiter.tryAcquire('a');
      clock.t = 5_000;
      expect([limiter.trackedKeys, limiter.trackedKeys]).toEqual([1, 1]);
    });
  });

  describe('dropping stale windows', () => {
    it('holds no count of an older window after a call in a new window', () => {
      const { limiter, clock } = onClock(5, 1_000);
      for (let i = 0; i < 1_000; i++) limiter.tryAcquire(`user-${i}`); // window 0
      clock.t = 999;
      limiter.tryAcquire('other');
      expect(limiter.trackedKeys).toBe(1_001);
      clock.t = 1_000; // window 1
      limiter.tryAcquire('other');
      expect(limiter.trackedKeys).toBe(1);
    });

    it('drops them even when the first call of the new window is a peek', () => {
      const { limiter, clock } = onClock(5, 1_000);
      limiter.tryAcquire('a');
      clock.t = 2_500;
      limiter.tryAcquire('b', 0);
      expect(limiter.trackedKeys).toBe(0);
    });

    it('keeps the counts of the current window after the clock steps back', () => {
      const { limiter, clock } = onClock(5, 1_000, 5_500);
      limiter.tryAcquire('a');
      limiter.tryAcquire('b');
      clock.t = 3_000; // back: still window 5 for the limiter
      limiter.tryAcquire('c', 0);
      expect(limiter.trackedKeys).toBe(2);
    });

    it('starts every key afresh in the new window', () => {
      const { limiter, clock } = onClock(2, 1_000);
      limiter.tryAcquire('a', 2);
      clock.t = 1_000;
      limiter.tryAcquire('b');
      expect(limiter.tryAcquire('a', 2)).toMatchObject({ allowed: true, remaining: 0 });
    });
  });

  describe('many keys', () => {
    it('stays bounded when a million distinct keys each make one request over time', () => {
      const { limiter, clock } = onClock(10, 100);
      let peak = 0;
      for (let i = 0; i < 1_000_000; i++) {
        clock.t = i; // one new key per millisecond, 100 per window
        limiter.tryAcquire(`k${i}`);
        if ((i & 1023) === 0) peak = Math.max(peak, limiter.trackedKeys);
      }
      expect(peak).toBeLessThanOrEqual(100);
      expect(limiter.trackedKeys).toBeLessThanOrEqual(100);
    });

    it('keeps tryAcquire O(1): the cost per call does not grow with the keys held', () => {
      expectFlatCost({
        label: 'tryAcquire with n keys counted in the current window',
        create: (n) => ({ limiter: new FixedWindow({ limit: 4, windowMs: 1e12, now: () => 0 }), next: n }),
        fill: (state, i) => {
          state.limiter.tryAcquire(`k${i}`);
        },
        operation: (state, i) => {
          if ((i & 3) === 3) state.limiter.tryAcquire(`k${state.next++}`);
          else state.limiter.tryAcquire(`k${state.next - 1 - (i & 63)}`);
        },
      });
    });

    it('keeps tryAcquire O(1) across window changes: n stale keys cost no more per call', () => {
      expectFlatCost({
        label: 'tryAcquire across windows of 64 calls, n keys counted before',
        create: (n) => {
          const clock = { t: 0 };
          return { limiter: new FixedWindow({ limit: 4, windowMs: 64, now: () => clock.t }), clock, n };
        },
        fill: (state, i) => {
          state.limiter.tryAcquire(`k${i}`); // t=0: window 0
        },
        operation: (state, i) => {
          state.clock.t = 64 + i; // a new window every 64 calls
          state.limiter.tryAcquire(`hot${i & 15}`);
        },
      });
    });
  });

  it('agrees with the list model on trackedKeys, random keys, costs and clock steps', () => {
    checkAgainstModel({
      setup: () => windowSetup(FixedWindow, { limit: 3, windowMs: 1_000 }),
      steps: [tryStep(fc.integer({ min: 0, max: 3 })), advanceStep, rewindStep, trackedStep],
    });
  });
});
