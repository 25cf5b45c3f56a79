import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { fail, succeed } from './deferred.ts';
import { checkBreakerModel } from './model.ts';

const { CircuitBreaker } = await loadKata<typeof import('../../katas/circuit-breaker/index.ts')>('circuit-breaker');

type Breaker = InstanceType<typeof CircuitBreaker>;

/** A breaker on a fake clock (t=0) that opens at `threshold` failures over a 1000 ms window. */
function rated(threshold: number, minimumCalls: number, windowMs = 1_000) {
  const clock = { t: 0 };
  const breaker = new CircuitBreaker({
    now: () => clock.t,
    cooldownMs: 100,
    failureRate: { threshold, windowMs, minimumCalls },
  });
  return { breaker, clock };
}

/** Runs calls in order: 'f' fails, 's' succeeds. */
async function calls(breaker: Breaker, pattern: string): Promise<void> {
  for (const kind of pattern) await breaker.execute(kind === 'f' ? fail : succeed).catch(() => undefined);
}

describe(level(4, 'Failure rate over a rolling window'), () => {
  describe('opening on a rate', () => {
    test.each([
      { threshold: 0.5, minimumCalls: 4, pattern: 'sfsf', state: 'open', why: '2 of 4 is 50%: at the threshold' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'ssfs', state: 'closed', why: '1 of 4 is 25%' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'ff', state: 'closed', why: 'fewer calls than minimumCalls' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'fff', state: 'closed', why: '100% but only 3 calls' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'ffff', state: 'open', why: '4 of 4' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'sssfff', state: 'open', why: '3 of 6 is 50%' },
      { threshold: 0.5, minimumCalls: 4, pattern: 'ssssfff', state: 'closed', why: '3 of 7 is below 50%' },
      { threshold: 1, minimumCalls: 2, pattern: 'sfff', state: 'closed', why: '3 of 4 is below 100%' },
      { threshold: 1, minimumCalls: 2, pattern: 'ff', state: 'open', why: '2 of 2 is 100%' },
      { threshold: 0.2, minimumCalls: 1, pattern: 'f', state: 'open', why: '1 of 1 with minimumCalls 1' },
      { threshold: 0.2, minimumCalls: 10, pattern: 'ssssssssf', state: 'closed', why: '9 calls, minimumCalls 10' },
      { threshold: 0.1, minimumCalls: 10, pattern: 'sssssssssf', state: 'open', why: '1 of 10 is 10%' },
    ])('threshold $threshold, minimumCalls $minimumCalls, calls $pattern: $state ($why)', async (row) => {
      const { breaker } = rated(row.threshold, row.minimumCalls);
      await calls(breaker, row.pattern);
      expect(breaker.state).toBe(row.state);
    });

    it('successes do not reset the failures: 5 failures among 10 calls open at 50%, whatever the order', async () => {
      const { breaker } = rated(0.5, 10);
      await calls(breaker, 'fsfsfsfsf');
      expect(breaker.state).toBe('closed');
      await calls(breaker, 's');
      expect(breaker.state).toBe('open');
    });

    it('does not use the consecutive count: 5 consecutive failures below minimumCalls stay closed', async () => {
      const { breaker } = rated(0.5, 20);
      await calls(breaker, 'fffffff');
      expect(breaker.state).toBe('closed');
    });

    it('counts a rejection isFailure rejects as a success', async () => {
      const breaker = new CircuitBreaker({
        now: () => 0,
        failureRate: { threshold: 0.5, windowMs: 1_000, minimumCalls: 4 },
        isFailure: (error) => (error as Error).message !== 'ignored',
      });
      await calls(breaker, 'f');
      for (let i = 0; i < 3; i++) await breaker.execute(() => Promise.reject(new Error('ignored'))).catch(() => 0);
      expect(breaker.state).toBe('closed');
    });
  });

  describe('the rolling window', () => {
    test.each([
      { at: 999, state: 'open', why: 'the first failure is still inside the window' },
      { at: 1_000, state: 'closed', why: 'the first failure left the window at exactly t + windowMs' },
    ])('failures at t=0 and t=$at with minimumCalls 2: $state ($why)', async ({ at, state }) => {
      const { breaker, clock } = rated(1, 2);
      await calls(breaker, 'f'); // t=0
      clock.t = at;
      await calls(breaker, 'f');
      expect(breaker.state).toBe(state);
    });

    it('old successes leave the window too, raising the rate', async () => {
      const { breaker, clock } = rated(0.5, 2);
      await calls(breaker, 'sss'); // t=0
      clock.t = 600;
      await calls(breaker, 'f'); // 1 of 4
      expect(breaker.state).toBe('closed');
      clock.t = 1_000; // the successes leave
      await calls(breaker, 's'); // window: f (600), s (1000): 1 of 2 = 50%
      expect(breaker.state).toBe('open');
    });

    it('counts calls when they settle, not when they start', async () => {
      const { breaker, clock } = rated(1, 2);
      let release: (() => void) | undefined;
      const slow = breaker.execute(
        () =>
          new Promise<never>((_, reject) => {
            release = () => reject(new Error('slow'));
          }),
      ); // starts at t=0
      clock.t = 1_500;
      await calls(breaker, 'f'); // t=1500
      release?.(); // settles at t=1500: inside the window
      await slow.catch(() => undefined);
      expect(breaker.state).toBe('open');
    });

    it('starts empty when the circuit closes again', async () => {
      const { breaker, clock } = rated(0.5, 2);
      await calls(breaker, 'ff'); // open at t=0
      clock.t = 100;
      await calls(breaker, 's'); // trial succeeds: closed
      expect(breaker.state).toBe('closed');
      await calls(breaker, 'f'); // window: 1 call only
      expect(breaker.state).toBe('closed');
      await calls(breaker, 'f');
      expect(breaker.state).toBe('open');
    });

    it('keeps only one window of outcomes: a long healthy run then a short burst of failures', async () => {
      const { breaker, clock } = rated(0.5, 4);
      for (let i = 0; i < 5_000; i++) {
        clock.t = i;
        await breaker.execute(succeed);
      }
      clock.t = 10_000; // every success has left the window
      await calls(breaker, 'ffff');
      expect(breaker.state).toBe('open');
    });
  });

  describe('bad input', () => {
    test.each([
      { rate: { threshold: 0, windowMs: 1_000, minimumCalls: 1 }, error: RangeError, names: 'failureRate.threshold' },
      { rate: { threshold: 1.5, windowMs: 1_000, minimumCalls: 1 }, error: RangeError, names: 'failureRate.threshold' },
      {
        rate: { threshold: Number.NaN, windowMs: 1, minimumCalls: 1 },
        error: RangeError,
        names: 'failureRate.threshold',
      },
      {
        rate: { threshold: '0.5', windowMs: 1_000, minimumCalls: 1 },
        error: TypeError,
        names: 'failureRate.threshold',
      },
      { rate: { threshold: 0.5, windowMs: 0, minimumCalls: 1 }, error: RangeError, names: 'failureRate.windowMs' },
      { rate: { threshold: 0.5, windowMs: -5, minimumCalls: 1 }, error: RangeError, names: 'failureRate.windowMs' },
      {
        rate: { threshold: 0.5, windowMs: Number.POSITIVE_INFINITY, minimumCalls: 1 },
        error: RangeError,
        names: 'failureRate.windowMs',
      },
      { rate: { threshold: 0.5, windowMs: null, minimumCalls: 1 }, error: TypeError, names: 'failureRate.windowMs' },
      { rate: { threshold: 0.5, windowMs: 10, minimumCalls: 0 }, error: RangeError, names: 'failureRate.minimumCalls' },
      {
        rate: { threshold: 0.5, windowMs: 10, minimumCalls: 2.5 },
        error: RangeError,
        names: 'failureRate.minimumCalls',
      },
      { rate: { threshold: 0.5, windowMs: 10 }, error: TypeError, names: 'failureRate.minimumCalls' },
      { rate: 0.5, error: TypeError, names: 'failureRate' },
      { rate: null, error: TypeError, names: 'failureRate' },
    ])('failureRate $rate throws a $error.name naming $names', ({ rate, error, names }) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new CircuitBreaker({ failureRate: rate })).toThrow(error);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new CircuitBreaker({ failureRate: rate })).toThrow(`Expected \`${names}\` to be`);
    });

    it('failureRate with failureThreshold throws a TypeError naming both', () => {
      const both = { failureThreshold: 3, failureRate: { threshold: 0.5, windowMs: 1_000, minimumCalls: 4 } };
      expect(() => new CircuitBreaker(both)).toThrow(TypeError);
      expect(() => new CircuitBreaker(both)).toThrow(/`failureThreshold`.*`failureRate`/);
    });
  });

  it('agrees with the model on random async sequences in rate mode', async () => {
    await checkBreakerModel(CircuitBreaker, {
      cooldownMs: 50,
      halfOpenMaxCalls: 2,
      successThreshold: 2,
      failureRate: { threshold: 0.5, windowMs: 60, minimumCalls: 3 },
      moves: fc.integer({ min: 1, max: 40 }),
    });
  });
});
