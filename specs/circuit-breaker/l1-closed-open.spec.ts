import fc from 'fast-check';
import { describe, expect, it, test, vi } from 'vitest';
import { deferred } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { fail, settle, succeed } from './deferred.ts';
import { checkBreakerModel } from './model.ts';

const { CircuitBreaker, CircuitBreakerError, CircuitOpenError } =
  await loadKata<typeof import('../../katas/circuit-breaker/index.ts')>('circuit-breaker');

type Breaker = InstanceType<typeof CircuitBreaker>;

/** A breaker on a fake clock that starts at t=1000. */
function onClock(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  const clock = { t: 1_000 };
  const breaker = new CircuitBreaker({ now: () => clock.t, ...options });
  return { breaker, clock };
}

async function failTimes(breaker: Breaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail).catch(() => undefined);
}

describe(level(1, 'Closed and open'), () => {
  describe('closed: calls go through', () => {
    it('a new breaker is closed', () => {
      expect(onClock().breaker.state).toBe('closed');
    });

    it('resolves with what fn resolves', async () => {
      const { breaker } = onClock();
      await expect(breaker.execute(() => Promise.resolve(42))).resolves.toBe(42);
    });

    it('calls fn once, with no arguments', async () => {
      const { breaker } = onClock();
      const fn = vi.fn(succeed);
      await breaker.execute(fn);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(fn).toHaveBeenCalledWith();
    });

    it('rejects with the very error fn rejects with', async () => {
      const { breaker } = onClock();
      const error = new Error('boom');
      await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    });

    it('turns a synchronous throw of fn into a rejection with that error', async () => {
      const { breaker } = onClock();
      const error = new Error('sync');
      const result = breaker.execute(() => {
        throw error;
      });
      expect(result).toBeInstanceOf(Promise);
      await expect(result).rejects.toBe(error);
    });

    it('resolves with a plain value fn returns', async () => {
      const { breaker } = onClock();
      await expect(breaker.execute(() => 'plain')).resolves.toBe('plain');
    });

    it('passes rejections that are not errors through unchanged', async () => {
      const { breaker } = onClock();
      await expect(breaker.execute(() => Promise.reject('a string'))).rejects.toBe('a string');
    });

    it('lets concurrent calls through and gives each its own result', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      const first = deferred();
      const second = deferred();
      const a = breaker.execute(() => first.promise);
      const b = breaker.execute(() => second.promise);
      second.resolve('second');
      first.resolve('first');
      expect([await a, await b]).toEqual(['first', 'second']);
      expect(breaker.state).toBe('closed');
    });
  });

  describe('opening on consecutive failures', () => {
    test.each([1, 2, 3, 7])('threshold %i: stays closed one failure short, opens on the last', async (threshold) => {
      const { breaker } = onClock({ failureThreshold: threshold });
      await failTimes(breaker, threshold - 1);
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('defaults to a threshold of 5', async () => {
      const { breaker } = onClock();
      await failTimes(breaker, 4);
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('a success resets the count of consecutive failures', async () => {
      const { breaker } = onClock({ failureThreshold: 3 });
      await failTimes(breaker, 2);
      await breaker.execute(succeed);
      await failTimes(breaker, 2);
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('records the outcome before the caller sees it', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      const states: string[] = [];
      await breaker.execute(fail).catch(() => states.push(breaker.state));
      expect(states).toEqual(['open']);
    });

    it('counts failures when they settle, not when they start', async () => {
      const { breaker } = onClock({ failureThreshold: 2 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise);
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('closed');
      slow.reject(new Error('late'));
      await pending.catch(() => undefined);
      expect(breaker.state).toBe('open');
    });

    it('opens at the instant the last failure settles', async () => {
      const { breaker, clock } = onClock({ failureThreshold: 1, cooldownMs: 500 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise); // started at t=1000
      clock.t = 1_200;
      slow.reject(new Error('down')); // settles at t=1200: open until 1700
      await pending.catch(() => undefined);
      const error = await breaker.execute(succeed).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ retryAfterMs: 500 });
    });
  });

  describe('open: calls are rejected at once', () => {
    it('rejects with a CircuitOpenError, a CircuitBreakerError and an Error', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      const error = await breaker.execute(succeed).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error).toBeInstanceOf(CircuitBreakerError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ name: 'CircuitOpenError', state: 'open' });
    });

    it('does not call fn', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      const fn = vi.fn(succeed);
      await breaker.execute(fn).catch(() => undefined);
      expect(fn).not.toHaveBeenCalled();
    });

    test.each([
      { at: 1_000, retryAfterMs: 1_000 },
      { at: 1_001, retryAfterMs: 999 },
      { at: 1_750, retryAfterMs: 250 },
      { at: 1_999, retryAfterMs: 1 },
    ])('carries the time until retry: at t=$at, retryAfterMs is $retryAfterMs', async ({ at, retryAfterMs }) => {
      const { breaker, clock } = onClock({ failureThreshold: 1, cooldownMs: 1_000 });
      await failTimes(breaker, 1); // t=1000: open until 2000
      clock.t = at;
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ retryAfterMs, state: 'open' });
      expect(breaker.state).toBe('open');
    });

    it('says the time until retry in its message', async () => {
      const { breaker, clock } = onClock({ failureThreshold: 1, cooldownMs: 1_000 });
      await failTimes(breaker, 1);
      clock.t = 1_400;
      await expect(breaker.execute(succeed)).rejects.toThrow(/open.*600 ms/);
    });

    it('defaults the cool-down to 30 seconds', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ retryAfterMs: 30_000 });
    });

    it('returns a rejected promise rather than throwing', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      let result: Promise<unknown> | undefined;
      expect(() => {
        result = breaker.execute(succeed);
      }).not.toThrow();
      await expect(result).rejects.toBeInstanceOf(CircuitOpenError);
    });

    it('a call let through before it opened, settling while open, changes nothing', async () => {
      const { breaker, clock } = onClock({ failureThreshold: 1, cooldownMs: 500 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise);
      await failTimes(breaker, 1); // t=1000: open until 1500
      clock.t = 1_200;
      slow.reject(new Error('late'));
      await expect(pending).rejects.toThrow('late');
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ state: 'open', retryAfterMs: 300 });
    });

    it('stays open however many calls are rejected', async () => {
      const { breaker } = onClock({ failureThreshold: 1 });
      await failTimes(breaker, 1);
      for (let i = 0; i < 10; i++) await breaker.execute(succeed).catch(() => undefined);
      expect(breaker.state).toBe('open');
    });

    it('keeps separate breakers separate', async () => {
      const first = onClock({ failureThreshold: 1 }).breaker;
      const second = onClock({ failureThreshold: 1 }).breaker;
      await failTimes(first, 1);
      expect([first.state, second.state]).toEqual(['open', 'closed']);
      await expect(second.execute(succeed)).resolves.toBe('ok');
    });
  });

  describe('bad input', () => {
    test.each([
      { name: 'failureThreshold', value: 0, error: RangeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: -1, error: RangeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: 1.5, error: RangeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: Number.NaN, error: RangeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: Number.POSITIVE_INFINITY, error: RangeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: '3', error: TypeError, expected: 'a positive integer' },
      { name: 'failureThreshold', value: null, error: TypeError, expected: 'a positive integer' },
      { name: 'cooldownMs', value: -1, error: RangeError, expected: 'a non-negative finite number of milliseconds' },
      { name: 'cooldownMs', value: Number.NaN, error: RangeError, expected: 'a non-negative finite number' },
      { name: 'cooldownMs', value: Number.POSITIVE_INFINITY, error: RangeError, expected: 'a non-negative finite' },
      { name: 'cooldownMs', value: '100', error: TypeError, expected: 'a non-negative finite number' },
      { name: 'now', value: 5, error: TypeError, expected: 'a function' },
      { name: 'now', value: 'Date.now', error: TypeError, expected: 'a function' },
    ] as const)('$name: $value throws a $error.name naming it', ({ name, value, error, expected }) => {
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(error);
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(`Expected \`${name}\` to be ${expected}`);
    });

    test.each([
      { value: 0, shown: '`0` (number)' },
      { value: '3', shown: "`'3'` (string)" },
      { value: null, shown: '`null` (null)' },
    ])('the message shows the value and its type: $shown', ({ value, shown }) => {
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new CircuitBreaker({ failureThreshold: value })).toThrow(`got ${shown}`);
    });

    it('accepts a cool-down of 0', () => {
      expect(new CircuitBreaker({ cooldownMs: 0 }).state).toBe('closed');
    });

    it('treats options given as undefined as not given', async () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const breaker = new CircuitBreaker({ failureThreshold: undefined, cooldownMs: undefined, now: undefined });
      await failTimes(breaker, 4);
      expect(breaker.state).toBe('closed');
    });

    test.each([
      { fn: 5, type: 'number' },
      { fn: 'call', type: 'string' },
      { fn: null, type: 'null' },
      { fn: undefined, type: 'undefined' },
    ])('execute($fn) rejects with a TypeError naming fn, and counts as nothing', async ({ fn, type }) => {
      const { breaker } = onClock({ failureThreshold: 1 });
      // @ts-expect-error: wrongly typed on purpose
      const outcome = await settle(breaker.execute(fn));
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toMatch(new RegExp(`Expected \`fn\` to be a function, got .*\\(${type}\\)`));
      expect(breaker.state).toBe('closed');
    });
  });

  it('agrees with a model of the state machine on random async call sequences (no cool-down reached)', async () => {
    await checkBreakerModel(CircuitBreaker, {
      failureThreshold: 3,
      cooldownMs: 1_000_000,
      moves: fc.integer({ min: 1, max: 50 }),
    });
  });
});
