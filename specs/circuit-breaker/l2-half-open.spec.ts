import fc from 'fast-check';
import { describe, expect, it, test, vi } from 'vitest';
import { deferred } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { fail, succeed } from './deferred.ts';
import { checkBreakerModel } from './model.ts';

const { CircuitBreaker, CircuitOpenError } =
  await loadKata<typeof import('../../katas/circuit-breaker/index.ts')>('circuit-breaker');

type Breaker = InstanceType<typeof CircuitBreaker>;

/** A breaker on a fake clock that starts at t=1000, opened by `failureThreshold` (default 1) failures at t=1000. */
async function opened(
  options: { failureThreshold?: number; halfOpenMaxCalls?: number; successThreshold?: number } = {},
) {
  const clock = { t: 1_000 };
  const breaker = new CircuitBreaker({ now: () => clock.t, cooldownMs: 500, failureThreshold: 1, ...options });
  await failTimes(breaker, options.failureThreshold ?? 1); // open until t=1500
  return { breaker, clock };
}

async function failTimes(breaker: Breaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail).catch(() => undefined);
}

describe(level(2, 'Half-open trials'), () => {
  describe('the cool-down', () => {
    test.each([
      { at: 1_499, state: 'open' },
      { at: 1_499.5, state: 'open' },
      { at: 1_500, state: 'half-open' },
      { at: 1_501, state: 'half-open' },
      { at: 99_999, state: 'half-open' },
    ])('a circuit opened at t=1000 with a 500 ms cool-down is $state at t=$at', async ({ at, state }) => {
      const { breaker, clock } = await opened();
      clock.t = at;
      expect(breaker.state).toBe(state);
    });

    it('lets a trial call through at exactly the end of the cool-down', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_500;
      const fn = vi.fn(succeed);
      await expect(breaker.execute(fn)).resolves.toBe('ok');
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('rejects one millisecond before, with retryAfterMs 1', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_499;
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ state: 'open', retryAfterMs: 1 });
    });

    it('with a cool-down of 0, half-opens at once', async () => {
      const clock = { t: 0 };
      const breaker = new CircuitBreaker({ now: () => clock.t, cooldownMs: 0, failureThreshold: 1 });
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('half-open');
    });

    it('a clock going backwards does not undo the change to half-open', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_500;
      expect(breaker.state).toBe('half-open');
      clock.t = 1_000;
      expect(breaker.state).toBe('half-open');
      await expect(breaker.execute(succeed)).resolves.toBe('ok');
    });
  });

  describe('trial calls', () => {
    it('a successful trial closes the circuit (default successThreshold 1)', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_500;
      await breaker.execute(succeed);
      expect(breaker.state).toBe('closed');
    });

    it('the trial caller gets its result or its error', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_500;
      const error = new Error('still down');
      await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    });

    it('a failed trial opens the circuit again, with a new cool-down from its failure', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_600;
      const trial = deferred();
      const pending = breaker.execute(() => trial.promise);
      clock.t = 1_650;
      trial.reject(new Error('still down')); // t=1650: open until 2150
      await pending.catch(() => undefined);
      expect(breaker.state).toBe('open');
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ state: 'open', retryAfterMs: 500 });
      clock.t = 2_149;
      expect(breaker.state).toBe('open');
      clock.t = 2_150;
      expect(breaker.state).toBe('half-open');
    });

    it('allows one trial in flight by default; the next call is rejected as half-open with retryAfterMs 0', async () => {
      const { breaker, clock } = await opened();
      clock.t = 1_500;
      const trial = deferred();
      const pending = breaker.execute(() => trial.promise);
      const fn = vi.fn(succeed);
      const error = await breaker.execute(fn).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error).toMatchObject({ state: 'half-open', retryAfterMs: 0 });
      expect(String(error)).toMatch(/half-open/);
      expect(fn).not.toHaveBeenCalled();
      trial.resolve('done');
      await pending;
    });

    test.each([1, 2, 3])('halfOpenMaxCalls %i: that many trials at once, the next rejected', async (max) => {
      const { breaker, clock } = await opened({ halfOpenMaxCalls: max, successThreshold: 10 });
      clock.t = 1_500;
      const fn = vi.fn(() => deferred().promise);
      for (let i = 0; i < max; i++) void breaker.execute(fn);
      await expect(breaker.execute(fn)).rejects.toMatchObject({ state: 'half-open' });
      expect(fn).toHaveBeenCalledTimes(max);
    });

    it('a settled trial frees its slot for the next one', async () => {
      const { breaker, clock } = await opened({ successThreshold: 3 });
      clock.t = 1_500;
      const first = deferred();
      const pending = breaker.execute(() => first.promise);
      await expect(breaker.execute(succeed)).rejects.toMatchObject({ state: 'half-open' });
      first.resolve('one');
      await pending;
      await expect(breaker.execute(succeed)).resolves.toBe('ok');
      expect(breaker.state).toBe('half-open');
    });

    test.each([1, 2, 4])('successThreshold %i: closes on that many successful trials, not before', async (needed) => {
      const { breaker, clock } = await opened({ successThreshold: needed });
      clock.t = 1_500;
      for (let i = 0; i < needed - 1; i++) await breaker.execute(succeed);
      expect(breaker.state).toBe('half-open');
      await breaker.execute(succeed);
      expect(breaker.state).toBe('closed');
    });

    it('a failure after some successful trials opens the circuit', async () => {
      const { breaker, clock } = await opened({ successThreshold: 3 });
      clock.t = 1_500;
      await breaker.execute(succeed);
      await breaker.execute(succeed);
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });

    it('a new half-open period starts its success count from zero', async () => {
      const { breaker, clock } = await opened({ successThreshold: 2 });
      clock.t = 1_500;
      await breaker.execute(succeed); // 1 of 2
      await failTimes(breaker, 1); // open again until 2000
      clock.t = 2_000;
      await breaker.execute(succeed); // 1 of 2 in the new period
      expect(breaker.state).toBe('half-open');
    });

    it('closing starts a fresh count of failures', async () => {
      const { breaker, clock } = await opened({ failureThreshold: 3 });
      clock.t = 1_500;
      await breaker.execute(succeed);
      await failTimes(breaker, 2);
      expect(breaker.state).toBe('closed');
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('open');
    });
  });

  describe('stale outcomes are ignored', () => {
    it('a slow success from the closed period does not count as a trial', async () => {
      const clock = { t: 0 };
      const breaker = new CircuitBreaker({ now: () => clock.t, cooldownMs: 100, failureThreshold: 1 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise); // closed period
      await failTimes(breaker, 1); // opens
      clock.t = 100; // half-open
      expect(breaker.state).toBe('half-open');
      slow.resolve('late');
      await expect(pending).resolves.toBe('late'); // the caller still gets it
      expect(breaker.state).toBe('half-open');
      const fn = vi.fn(succeed);
      await breaker.execute(fn); // the trial slot is still free
      expect([fn.mock.calls.length, breaker.state]).toEqual([1, 'closed']);
    });

    it('a slow failure from the closed period does not re-open a half-open circuit', async () => {
      const clock = { t: 0 };
      const breaker = new CircuitBreaker({ now: () => clock.t, cooldownMs: 100, failureThreshold: 1 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise);
      await failTimes(breaker, 1);
      clock.t = 100;
      expect(breaker.state).toBe('half-open');
      slow.reject(new Error('late'));
      await pending.catch(() => undefined);
      expect(breaker.state).toBe('half-open');
    });

    it('a slow failure from an earlier closed period does not count in the new one', async () => {
      const clock = { t: 0 };
      const breaker = new CircuitBreaker({ now: () => clock.t, cooldownMs: 100, failureThreshold: 2 });
      const slow = deferred();
      const pending = breaker.execute(() => slow.promise);
      await failTimes(breaker, 2); // opens
      clock.t = 100;
      await breaker.execute(succeed); // closes
      await failTimes(breaker, 1); // 1 of 2 in the new closed period
      slow.reject(new Error('late'));
      await pending.catch(() => undefined);
      expect(breaker.state).toBe('closed');
    });

    it('a trial that settles after another trial failed changes nothing', async () => {
      const { breaker, clock } = await opened({ halfOpenMaxCalls: 2 });
      clock.t = 1_500;
      const first = deferred();
      const second = deferred();
      const a = breaker.execute(() => first.promise);
      const b = breaker.execute(() => second.promise);
      first.reject(new Error('down')); // open again until 2000
      await a.catch(() => undefined);
      second.resolve('late success');
      await expect(b).resolves.toBe('late success');
      expect(breaker.state).toBe('open');
    });

    it('a stale trial does not take a slot of the next half-open period', async () => {
      const { breaker, clock } = await opened({ halfOpenMaxCalls: 2, successThreshold: 5 });
      clock.t = 1_500;
      const first = deferred();
      const stuck = deferred();
      const a = breaker.execute(() => first.promise);
      void breaker.execute(() => stuck.promise); // never settles
      first.reject(new Error('down')); // open until 2000
      await a.catch(() => undefined);
      clock.t = 2_000;
      const fn = vi.fn(() => deferred().promise);
      void breaker.execute(fn);
      void breaker.execute(fn);
      await expect(breaker.execute(fn)).rejects.toMatchObject({ state: 'half-open' });
      expect(fn).toHaveBeenCalledTimes(2);
    });
  });

  describe('bad input', () => {
    test.each([
      { name: 'halfOpenMaxCalls', value: 0, error: RangeError },
      { name: 'halfOpenMaxCalls', value: 2.5, error: RangeError },
      { name: 'halfOpenMaxCalls', value: '2', error: TypeError },
      { name: 'successThreshold', value: 0, error: RangeError },
      { name: 'successThreshold', value: -3, error: RangeError },
      { name: 'successThreshold', value: Number.NaN, error: RangeError },
      { name: 'successThreshold', value: null, error: TypeError },
    ] as const)('$name: $value throws a $error.name naming it', ({ name, value, error }) => {
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(error);
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(`Expected \`${name}\` to be a positive integer, got`);
    });
  });

  it('agrees with the model on random async sequences through every state', async () => {
    await checkBreakerModel(CircuitBreaker, {
      failureThreshold: 2,
      cooldownMs: 50,
      halfOpenMaxCalls: 2,
      successThreshold: 2,
    });
  });

  it.each([
    { halfOpenMaxCalls: 1, successThreshold: 1 },
    { halfOpenMaxCalls: 3, successThreshold: 1 },
    { halfOpenMaxCalls: 1, successThreshold: 3 },
  ])(
    'agrees with the model with halfOpenMaxCalls $halfOpenMaxCalls, successThreshold $successThreshold',
    async (options) => {
      await checkBreakerModel(CircuitBreaker, {
        failureThreshold: 1,
        cooldownMs: 30,
        ...options,
        moves: fc.integer({ min: -10, max: 40 }),
        numRuns: 60,
      });
    },
  );
});
