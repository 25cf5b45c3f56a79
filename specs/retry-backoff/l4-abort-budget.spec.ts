import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest';
import type { RetryError as RetryErrorType } from '../../katas/retry-backoff/index.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { Boom, flaky, track } from './runner.ts';

const { retry, RetryError } = await loadKata<typeof import('../../katas/retry-backoff/index.ts')>('retry-backoff');

const never = () => new Promise<void>(() => {});

describe(level(4, 'Abort and time budget'), () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('abort signal', () => {
    it('passes the signal to every try', async () => {
      const controller = new AbortController();
      const seen: unknown[] = [];
      const fn = async ({ signal }: { signal: AbortSignal | undefined }) => {
        seen.push(signal);
        if (seen.length < 2) throw new Boom('again');
        return 'ok';
      };
      await retry(fn, { attempts: 2, base: 0 }, { signal: controller.signal, sleep: async () => {} });
      expect(seen).toEqual([controller.signal, controller.signal]);
    });

    it('never calls fn when the signal is already aborted, and rejects with reason aborted', async () => {
      const controller = new AbortController();
      controller.abort('shutting down');
      const fn = vi.fn(async () => 'ok');
      const error = (await retry(fn, { attempts: 3, base: 10 }, { signal: controller.signal }).catch(
        (caught: unknown) => caught,
      )) as RetryErrorType;
      expect(error).toBeInstanceOf(RetryError);
      expect({ reason: error.reason, attempts: error.attempts, errors: error.errors, cause: error.cause }).toEqual({
        reason: 'aborted',
        attempts: 0,
        errors: [],
        cause: 'shutting down',
      });
      expect(fn).not.toHaveBeenCalled();
    });

    it('ends a wait at once when aborted, and starts no further try', async () => {
      const controller = new AbortController();
      const { fn, calls, errors } = flaky(10);
      const outcome = track(retry(fn, { attempts: 5, base: 1_000 }, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10); // t=10: waiting for retry 1 (due at t=1000)
      const reason = new Error('user cancelled');
      controller.abort(reason);
      await vi.advanceTimersByTimeAsync(0); // t=10: only pending callbacks run
      expect(outcome.settled).toBe(true);
      const error = outcome.error as RetryErrorType;
      expect([error.reason, error.attempts, error.errors, error.cause]).toEqual(['aborted', 1, errors, reason]);
      await vi.advanceTimersByTimeAsync(10_000); // t=10010
      expect(calls.length).toBe(1);
    });

    it('clears the default timer when aborted mid-wait', async () => {
      const controller = new AbortController();
      const { fn } = flaky(10);
      track(retry(fn, { attempts: 5, base: 1_000 }, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10); // t=10
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('ends the wait at once even when an injected sleep ignores the signal', async () => {
      const controller = new AbortController();
      const { fn, calls } = flaky(10);
      const outcome = track(retry(fn, { attempts: 5, base: 1_000 }, { signal: controller.signal, sleep: never }));
      await vi.advanceTimersByTimeAsync(0);
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect([outcome.settled, (outcome.error as RetryErrorType | undefined)?.reason, calls.length]).toEqual([
        true,
        'aborted',
        1,
      ]);
    });

    it('returns the result of a try that succeeds after the abort', async () => {
      const controller = new AbortController();
      const fn = async () => {
        controller.abort(); // the try was already running: it finishes
        return 'finished anyway';
      };
      await expect(retry(fn, { attempts: 3, base: 10 }, { signal: controller.signal })).resolves.toBe(
        'finished anyway',
      );
    });

    it('does not retry a try that fails after the abort, even with attempts left', async () => {
      const controller = new AbortController();
      let calls = 0;
      const fn = async () => {
        calls++;
        controller.abort('stop');
        throw new Boom('interrupted');
      };
      const sleep = vi.fn(async (_delay: number) => {});
      const outcome = track(retry(fn, { attempts: 3, base: 10 }, { signal: controller.signal, sleep }));
      await vi.advanceTimersByTimeAsync(1_000);
      const error = outcome.error as RetryErrorType;
      expect([calls, error.reason, error.attempts, error.cause, error.errors.length]).toEqual([
        1,
        'aborted',
        1,
        'stop',
        1,
      ]);
      expect(sleep).not.toHaveBeenCalled(); // no wait starts once the signal has aborted
    });

    it('lets a run that was never aborted finish normally with a signal given', async () => {
      const controller = new AbortController();
      const { fn } = flaky(2);
      const outcome = track(retry(fn, { attempts: 3, backoff: 'fixed', base: 10 }, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(20); // t=20
      expect(outcome.value).toBe('ok');
    });

    test.each([
      ['an object', { aborted: false }],
      ['a string', 'abort'],
    ])('rejects %s as signal with a TypeError naming signal', async (_label, signal) => {
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(async () => 1, { attempts: 1, base: 1 }, { signal })).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(async () => 1, { attempts: 1, base: 1 }, { signal })).rejects.toThrow(/`signal`/);
    });
  });

  describe('time budget (maxElapsed)', () => {
    test.each([
      { maxElapsed: 100, tries: 1 },
      { maxElapsed: 101, tries: 2 },
      { maxElapsed: 200, tries: 2 },
      { maxElapsed: 201, tries: 3 },
      { maxElapsed: 300, tries: 3 },
      { maxElapsed: 301, tries: 4 },
    ])('with tries due every 100 ms, a budget of $maxElapsed ms allows $tries tries', async ({ maxElapsed, tries }) => {
      const { fn, calls } = flaky(100);
      const outcome = track(retry(fn, { attempts: 50, backoff: 'fixed', base: 100, maxElapsed }));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls.map((call) => call.at)).toEqual(Array.from({ length: tries }, (_, i) => i * 100));
      const error = outcome.error as RetryErrorType;
      expect([error.reason, error.attempts, error.errors.length]).toEqual(['budget', tries, tries]);
    });

    it('gives up at once, without waiting for a retry that could not start in time', async () => {
      const { fn } = flaky(100);
      const outcome = track(retry(fn, { attempts: 50, backoff: 'fixed', base: 100, maxElapsed: 250 }));
      await vi.advanceTimersByTimeAsync(200); // t=200: the third try fails; the next would start at t=300
      expect([outcome.settled, vi.getTimerCount(), (outcome.error as RetryErrorType).reason]).toEqual([
        true,
        0,
        'budget',
      ]);
    });

    it('counts the time the tries take', async () => {
      const calls: number[] = [];
      const slow = async () => {
        calls.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 150)); // each try takes 150 ms
        throw new Boom('slow failure');
      };
      const outcome = track(retry(slow, { attempts: 10, backoff: 'fixed', base: 100, maxElapsed: 500 }));
      // try 1: t=0–150; wait to t=250; try 2: t=250–400; 400 + 100 ≥ 500: give up at t=400
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls).toEqual([0, 250]);
      expect((outcome.error as RetryErrorType).reason).toBe('budget');
    });

    it('reads time with the injected now', async () => {
      let t = 1_000_000;
      const sleep = vi.fn(async (delay: number) => {
        t += delay;
      });
      const { fn, calls } = flaky(100, () => t);
      const error = (await retry(fn, { attempts: 10, base: 100, maxElapsed: 700 }, { now: () => t, sleep }).catch(
        (caught: unknown) => caught,
      )) as RetryErrorType;
      // tries at +0, +100, +300; the next would start at +700: the budget's end
      expect(calls.map((call) => call.at - 1_000_000)).toEqual([0, 100, 300]);
      expect(sleep.mock.calls.map(([delay]) => delay)).toEqual([100, 200]);
      expect(error.reason).toBe('budget');
    });

    it('always makes the first try, even with a budget of 0', async () => {
      const { fn, calls } = flaky(100);
      await expect(retry(fn, { attempts: 5, base: 10, maxElapsed: 0 })).rejects.toMatchObject({
        reason: 'budget',
        attempts: 1,
      });
      expect(calls.length).toBe(1);
    });

    it('gives reason exhausted when the attempts run out before the budget', async () => {
      const { fn } = flaky(100);
      const outcome = track(retry(fn, { attempts: 2, backoff: 'fixed', base: 10, maxElapsed: 1_000 }));
      await vi.advanceTimersByTimeAsync(1_000);
      expect((outcome.error as RetryErrorType).reason).toBe('exhausted');
    });

    test.each([undefined, Number.POSITIVE_INFINITY])('never calls now when maxElapsed is %s', async (maxElapsed) => {
      const now = vi.fn(() => {
        throw new Error('now() called without a budget');
      });
      const { fn } = flaky(2);
      const policy = maxElapsed === undefined ? { attempts: 3, base: 0 } : { attempts: 3, base: 0, maxElapsed };
      await expect(retry(fn, policy, { now, sleep: async () => {} })).resolves.toBe('ok');
      expect(now).not.toHaveBeenCalled();
    });

    test.each([-1, Number.NaN])('rejects maxElapsed %s with a RangeError naming maxElapsed', async (maxElapsed) => {
      await expect(retry(async () => 1, { attempts: 1, base: 1, maxElapsed })).rejects.toThrow(RangeError);
      await expect(retry(async () => 1, { attempts: 1, base: 1, maxElapsed })).rejects.toThrow(/`maxElapsed`/);
    });

    it('rejects a now that is not a function with a TypeError naming now', async () => {
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(async () => 1, { attempts: 1, base: 1, maxElapsed: 5 }, { now: 5 })).rejects.toThrow(/`now`/);
    });
  });
});
