import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { Boom, Fatal, flaky, track } from './runner.ts';

const { retry, RetryError } = await loadKata<typeof import('../../katas/retry-backoff/index.ts')>('retry-backoff');

const noWait = async () => {};

/** A sleep that returns at once and records its calls. */
const recordingSleep = () => vi.fn(async (_delay: number, _signal: AbortSignal | undefined) => {});

describe(level(3, 'Retry runner'), () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('success', () => {
    it('resolves with the first try’s result without waiting', async () => {
      const { fn, calls } = flaky(0);
      await expect(retry(fn, { attempts: 3, base: 100 })).resolves.toBe('ok');
      expect([calls.length, vi.getTimerCount()]).toEqual([1, 0]);
    });

    it('accepts a function that returns a plain value', async () => {
      await expect(retry(() => 42, { attempts: 1, base: 100 })).resolves.toBe(42);
    });

    it('passes the attempt number and an undefined signal to each try', async () => {
      const seen: unknown[] = [];
      const fn = vi.fn(async (context: { attempt: number; signal: AbortSignal | undefined }) => {
        seen.push({ ...context });
        if (context.attempt < 3) throw new Boom('again');
        return 'done';
      });
      await expect(retry(fn, { attempts: 3, base: 0 }, { sleep: noWait })).resolves.toBe('done');
      expect(seen).toEqual([
        { attempt: 1, signal: undefined },
        { attempt: 2, signal: undefined },
        { attempt: 3, signal: undefined },
      ]);
    });

    it('resolves with a later try’s result after failures', async () => {
      const { fn, calls } = flaky(2);
      const outcome = track(retry(fn, { attempts: 5, backoff: 'fixed', base: 100 }));
      await vi.advanceTimersByTimeAsync(200); // t=200
      expect([outcome.value, calls.map((call) => call.at)]).toEqual(['ok', [0, 100, 200]]);
    });

    it('treats a synchronous throw like a rejection', async () => {
      let calls = 0;
      const fn = () => {
        calls++;
        if (calls === 1) throw new Boom('sync');
        return 'second';
      };
      await expect(retry(fn, { attempts: 2, base: 0 }, { sleep: noWait })).resolves.toBe('second');
    });

    it('retries until success with attempts: Infinity', async () => {
      const { fn, calls } = flaky(25);
      await expect(retry(fn, { attempts: Number.POSITIVE_INFINITY, base: 0 }, { sleep: noWait })).resolves.toBe('ok');
      expect(calls.length).toBe(26);
    });
  });

  describe('waiting', () => {
    it('waits exactly each exponential delay before the next try: none early, none late', async () => {
      const { fn, calls } = flaky(3);
      const outcome = track(retry(fn, { attempts: 4, base: 100 }));
      const seen: number[] = [];
      for (const t of [99, 100, 299, 300, 699, 700]) {
        await vi.advanceTimersByTimeAsync(t - Date.now()); // t = 99, 100, 299, 300, 699, 700
        seen.push(calls.length);
      }
      expect(seen).toEqual([1, 2, 2, 3, 3, 4]);
      expect(outcome.value).toBe('ok');
    });

    it('waits base, not 2 × base, before the first retry', async () => {
      const { fn, calls } = flaky(1);
      track(retry(fn, { attempts: 2, base: 100 }));
      await vi.advanceTimersByTimeAsync(100); // t=100
      expect(calls.map((call) => call.at)).toEqual([0, 100]);
    });

    it('calls sleep with each delay and the signal, in order', async () => {
      const sleep = recordingSleep();
      const { fn } = flaky(3);
      await retry(fn, { attempts: 4, base: 100, maxDelay: 300 }, { sleep });
      expect(sleep.mock.calls).toEqual([
        [100, undefined],
        [200, undefined],
        [300, undefined],
      ]);
    });

    it('waits even when the delay is 0', async () => {
      const sleep = recordingSleep();
      const { fn } = flaky(2);
      await retry(fn, { attempts: 3, base: 0 }, { sleep });
      expect(sleep.mock.calls.map(([delay]) => delay)).toEqual([0, 0]);
    });

    test.each([
      { jitter: 'full', random: 0.5, delays: [50, 100, 200] },
      { jitter: 'equal', random: 0, delays: [50, 100, 200] },
      { jitter: 'decorrelated', random: 0.5, delays: [200, 350, 575] },
    ] as const)('waits the $jitter-jitter delays, threading the previous delay', async ({ jitter, random, delays }) => {
      const sleep = recordingSleep();
      const { fn } = flaky(3);
      await retry(fn, { attempts: 4, base: 100, jitter, random: () => random }, { sleep });
      expect(sleep.mock.calls.map(([delay]) => delay)).toEqual(delays);
    });

    it('uses the default timers when no sleep is given (nothing happens until the fake clock moves)', async () => {
      const { fn, calls } = flaky(1);
      track(retry(fn, { attempts: 2, base: 50 }));
      await Promise.resolve();
      await Promise.resolve();
      expect([calls.length, vi.getTimerCount()]).toEqual([1, 1]);
    });
  });

  describe('giving up', () => {
    it('makes `attempts` tries in all, counting the first, then rejects with a RetryError', async () => {
      const { fn, calls } = flaky(10);
      const outcome = track(retry(fn, { attempts: 3, backoff: 'fixed', base: 100 }));
      await vi.advanceTimersByTimeAsync(10_000); // t=10000: long after
      expect(calls.length).toBe(3);
      expect(outcome.error).toBeInstanceOf(RetryError);
    });

    it('does not retry at all with attempts: 1', async () => {
      const { fn, calls } = flaky(1);
      await expect(retry(fn, { attempts: 1, base: 100 })).rejects.toBeInstanceOf(RetryError);
      expect([calls.length, vi.getTimerCount()]).toEqual([1, 0]);
    });

    it('rejects as soon as the last try fails, without a final wait', async () => {
      const { fn } = flaky(10);
      const outcome = track(retry(fn, { attempts: 2, backoff: 'fixed', base: 100 }));
      await vi.advanceTimersByTimeAsync(100); // t=100: the second and last try fails
      expect([outcome.settled, vi.getTimerCount()]).toEqual([true, 0]);
    });

    it('carries every error in order, the last as cause, the tries made and the reason', async () => {
      const { fn, errors } = flaky(10);
      const error = await retry(fn, { attempts: 3, base: 0 }, { sleep: noWait }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RetryError);
      expect(error).toBeInstanceOf(AggregateError);
      const { errors: carried, cause, attempts, reason, name } = error as InstanceType<typeof RetryError>;
      expect({ carried, cause, attempts, reason, name }).toEqual({
        carried: errors,
        cause: errors[2],
        attempts: 3,
        reason: 'exhausted',
        name: 'RetryError',
      });
      expect(carried[0]).toBe(errors[0]);
      expect(carried[2]).toBe(errors[2]);
    });

    it('says how many tries it made and why, with the last error’s message', async () => {
      const { fn } = flaky(10);
      await expect(retry(fn, { attempts: 3, base: 0 }, { sleep: noWait })).rejects.toThrow(
        'Gave up after 3 attempts (exhausted): boom 3',
      );
    });
  });

  describe('retryable', () => {
    it('gives up at once, without waiting, on an error retryable refuses', async () => {
      let calls = 0;
      const fn = async () => {
        calls++;
        throw calls === 1 ? new Boom('transient') : new Fatal('bad request');
      };
      const outcome = track(retry(fn, { attempts: 5, base: 100, retryable: (error) => !(error instanceof Fatal) }));
      await vi.advanceTimersByTimeAsync(100); // t=100: the second try throws Fatal
      expect(outcome.settled).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      const error = outcome.error as InstanceType<typeof RetryError>;
      expect([calls, error.reason, error.attempts, error.errors.map((e: Error) => e.message)]).toEqual([
        2,
        'not-retryable',
        2,
        ['transient', 'bad request'],
      ]);
      expect(error.cause).toBeInstanceOf(Fatal);
    });

    it('does not wait at all when the first error is not retryable', async () => {
      const sleep = recordingSleep();
      const fn = async () => {
        throw new Fatal('no');
      };
      await expect(retry(fn, { attempts: 5, base: 100, retryable: () => false }, { sleep })).rejects.toMatchObject({
        reason: 'not-retryable',
        attempts: 1,
      });
      expect(sleep).not.toHaveBeenCalled();
    });

    it('is asked about each error, in order', async () => {
      const retryable = vi.fn(() => true);
      const { fn, errors } = flaky(3);
      await retry(fn, { attempts: 4, base: 0, retryable }, { sleep: noWait });
      expect(retryable.mock.calls).toEqual(errors.map((error) => [error]));
    });
  });

  describe('bad input', () => {
    test.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects attempts %s with a RangeError naming attempts, without calling fn',
      async (attempts) => {
        const fn = vi.fn(async () => 'ok');
        await expect(retry(fn, { attempts, base: 1 })).rejects.toThrow(RangeError);
        await expect(retry(fn, { attempts, base: 1 })).rejects.toThrow(/`attempts`/);
        expect(fn).not.toHaveBeenCalled();
      },
    );

    test.each([
      ['the string "3"', '3'],
      ['undefined (missing)', undefined],
    ])('rejects attempts %s with a TypeError naming attempts', async (_label, attempts) => {
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(async () => 'ok', { attempts, base: 1 })).rejects.toThrow(/`attempts`/);
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(async () => 'ok', { attempts, base: 1 })).rejects.toThrow(TypeError);
    });

    it('rejects fn that is not a function with a TypeError naming fn', async () => {
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry('fetch', { attempts: 1, base: 1 })).rejects.toThrow(/`fn`/);
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(null, { attempts: 1, base: 1 })).rejects.toThrow(TypeError);
    });

    test.each([
      { name: 'retryable', policy: { retryable: true }, options: {} },
      { name: 'sleep', policy: {}, options: { sleep: 100 } },
    ])('rejects a $name that is not a function with a TypeError naming it', async ({ name, policy, options }) => {
      const fn = vi.fn(async () => 'ok');
      // @ts-expect-error: wrongly typed on purpose
      const outcome = retry(fn, { attempts: 2, base: 1, ...policy }, options);
      await expect(outcome).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(fn, { attempts: 2, base: 1, ...policy }, options)).rejects.toThrow(new RegExp(`\`${name}\``));
      expect(fn).not.toHaveBeenCalled();
    });

    it('rejects a bad delay policy the way computeDelay does, without calling fn', async () => {
      const fn = vi.fn(async () => 'ok');
      await expect(retry(fn, { attempts: 2, base: -1 })).rejects.toThrow(RangeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(retry(fn, { attempts: 2, base: 1, jitter: 'some' })).rejects.toThrow(/`jitter`/);
      expect(fn).not.toHaveBeenCalled();
    });

    it('reports bad input through the returned promise, not by throwing', async () => {
      let returned: Promise<unknown> | undefined;
      expect(() => {
        returned = retry(async () => 'ok', { attempts: 0, base: 1 });
      }).not.toThrow();
      await expect(returned).rejects.toThrow(RangeError);
    });
  });

  it('agrees with a model on random outcomes, attempts and backoffs: tries, waits, result and errors', async () => {
    type Outcome = 'ok' | 'fail' | 'fatal';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Outcome>('ok', 'fail', 'fail', 'fatal'), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('fixed', 'linear', 'exponential' as const),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 300 }),
        async (outcomes, attempts, backoff, base, maxDelay) => {
          // The model: walk the outcomes; a plain formula for the waits.
          const curve = (n: number) =>
            backoff === 'fixed' ? base : backoff === 'linear' ? base * n : base * 2 ** (n - 1);
          const expected = {
            tries: 0,
            waits: [] as number[],
            result: undefined as unknown,
            reason: undefined as unknown,
          };
          for (let n = 1; ; n++) {
            const outcome = outcomes[(n - 1) % outcomes.length] as Outcome;
            expected.tries = n;
            if (outcome === 'ok') {
              expected.result = `ok ${n}`;
              break;
            }
            if (outcome === 'fatal' || n === attempts) {
              expected.reason = outcome === 'fatal' ? 'not-retryable' : 'exhausted';
              break;
            }
            expected.waits.push(Math.min(maxDelay, curve(n)));
          }
          // The real runner.
          const waits: number[] = [];
          let tries = 0;
          const fn = async ({ attempt }: { attempt: number }) => {
            tries++;
            const outcome = outcomes[(attempt - 1) % outcomes.length] as Outcome;
            if (outcome === 'ok') return `ok ${attempt}`;
            throw outcome === 'fatal' ? new Fatal(`fatal ${attempt}`) : new Boom(`fail ${attempt}`);
          };
          const policy = {
            attempts,
            backoff,
            base,
            maxDelay,
            retryable: (error: unknown) => !(error instanceof Fatal),
          };
          const sleep = async (delay: number) => {
            waits.push(delay);
          };
          const settled = await retry(fn, policy, { sleep }).then(
            (result) => ({ result, reason: undefined as unknown, errors: [] as string[] }),
            (error: InstanceType<typeof RetryError>) => ({
              result: undefined as unknown,
              reason: error.reason,
              errors: error.errors.map((e: Error) => e.message),
            }),
          );
          const expectedErrors =
            expected.reason === undefined
              ? []
              : Array.from({ length: expected.tries }, (_, i) => {
                  const outcome = outcomes[i % outcomes.length] as Outcome;
                  return `${outcome === 'fatal' ? 'fatal' : 'fail'} ${i + 1}`;
                });
          expect({ tries, waits, ...settled }).toEqual({ ...expected, errors: expectedErrors });
        },
      ),
    );
  });
});
