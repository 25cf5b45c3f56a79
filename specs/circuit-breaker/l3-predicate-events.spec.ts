import { describe, expect, it, test, vi } from 'vitest';
import type { StateChange } from '../../katas/circuit-breaker/index.ts';
import { deferred } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { fail, succeed } from './deferred.ts';

const { CircuitBreaker } = await loadKata<typeof import('../../katas/circuit-breaker/index.ts')>('circuit-breaker');

type Breaker = InstanceType<typeof CircuitBreaker>;

class NotFound extends Error {
  override name = 'NotFound';
}

const notFound = () => Promise.reject(new NotFound('no such user'));
const onlyRealFailures = (error: unknown) => !(error instanceof NotFound);

async function failTimes(breaker: Breaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(fail).catch(() => undefined);
}

/** A breaker on a fake clock (t=0) that records every state change. */
function recorded(options: { failureThreshold?: number; successThreshold?: number } = {}) {
  const clock = { t: 0 };
  const changes: StateChange[] = [];
  const breaker = new CircuitBreaker({
    now: () => clock.t,
    cooldownMs: 100,
    failureThreshold: 1,
    onStateChange: (change) => changes.push(change),
    ...options,
  });
  return { breaker, clock, changes };
}

describe(level(3, 'Failure predicate and events'), () => {
  describe('isFailure', () => {
    it('a rejection it rejects still reaches the caller unchanged', async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, isFailure: onlyRealFailures, now: () => 0 });
      await expect(breaker.execute(notFound)).rejects.toBeInstanceOf(NotFound);
    });

    it('a rejection it rejects does not count as a failure', async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, isFailure: onlyRealFailures, now: () => 0 });
      for (let i = 0; i < 5; i++) await breaker.execute(notFound).catch(() => undefined);
      expect(breaker.state).toBe('closed');
    });

    it('a rejection it rejects counts as a success: it resets the consecutive failures', async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, isFailure: onlyRealFailures, now: () => 0 });
      await failTimes(breaker, 1);
      await breaker.execute(notFound).catch(() => undefined);
      await failTimes(breaker, 1);
      expect(breaker.state).toBe('closed');
    });

    it('a rejection it accepts counts as a failure', async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, isFailure: onlyRealFailures, now: () => 0 });
      await failTimes(breaker, 2);
      expect(breaker.state).toBe('open');
    });

    it('a rejection it rejects counts as a successful trial when half-open', async () => {
      const clock = { t: 0 };
      const breaker = new CircuitBreaker({
        now: () => clock.t,
        cooldownMs: 100,
        failureThreshold: 1,
        isFailure: onlyRealFailures,
      });
      await failTimes(breaker, 1);
      clock.t = 100;
      await breaker.execute(notFound).catch(() => undefined);
      expect(breaker.state).toBe('closed');
    });

    it('is called once per rejection, with the error, and never for a success', async () => {
      const isFailure = vi.fn(() => true);
      const breaker = new CircuitBreaker({ failureThreshold: 10, isFailure, now: () => 0 });
      const error = new Error('x');
      await breaker.execute(succeed);
      await breaker.execute(() => Promise.reject(error)).catch(() => undefined);
      expect(isFailure.mock.calls).toEqual([[error]]);
    });

    it('a predicate that throws counts the call as a failure, and the caller gets the call error', async () => {
      const breaker = new CircuitBreaker({
        failureThreshold: 1,
        now: () => 0,
        isFailure: () => {
          throw new Error('predicate broke');
        },
      });
      const error = new Error('call failed');
      await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
      expect(breaker.state).toBe('open');
    });

    it('by default every rejection is a failure', async () => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, now: () => 0 });
      await breaker.execute(notFound).catch(() => undefined);
      await breaker.execute(() => Promise.reject(undefined)).catch(() => undefined);
      expect(breaker.state).toBe('open');
    });
  });

  describe('onStateChange', () => {
    it('reports closed → open → half-open → closed, in order', async () => {
      const { breaker, clock, changes } = recorded();
      await failTimes(breaker, 1);
      clock.t = 100;
      await breaker.execute(succeed);
      expect(changes).toEqual([
        { from: 'closed', to: 'open' },
        { from: 'open', to: 'half-open' },
        { from: 'half-open', to: 'closed' },
      ]);
    });

    it('reports half-open → open when a trial fails', async () => {
      const { breaker, clock, changes } = recorded();
      await failTimes(breaker, 1);
      clock.t = 100;
      await failTimes(breaker, 1);
      expect(changes.slice(1)).toEqual([
        { from: 'open', to: 'half-open' },
        { from: 'half-open', to: 'open' },
      ]);
    });

    it('reports open → half-open at the first state read after the cool-down, once', () => {
      const { breaker, clock, changes } = recorded();
      return failTimes(breaker, 1).then(() => {
        clock.t = 99;
        void breaker.state;
        expect(changes).toHaveLength(1);
        clock.t = 100;
        void breaker.state;
        void breaker.state;
        expect(changes).toEqual([
          { from: 'closed', to: 'open' },
          { from: 'open', to: 'half-open' },
        ]);
      });
    });

    it('reports nothing for calls that change no state', async () => {
      const { breaker, changes } = recorded({ failureThreshold: 3 });
      await breaker.execute(succeed);
      await failTimes(breaker, 2);
      await breaker.execute(succeed);
      expect(changes).toEqual([]);
    });

    it('reports nothing for calls rejected while open, nor for trials short of the quota', async () => {
      const { breaker, clock, changes } = recorded({ successThreshold: 2 });
      await failTimes(breaker, 1);
      await breaker.execute(succeed).catch(() => undefined);
      clock.t = 100;
      await breaker.execute(succeed);
      expect(changes).toHaveLength(2);
    });

    it('is called once the breaker is in the new state', async () => {
      const clock = { t: 0 };
      const seen: string[] = [];
      const breaker: Breaker = new CircuitBreaker({
        now: () => clock.t,
        cooldownMs: 100,
        failureThreshold: 1,
        onStateChange: ({ to }) => seen.push(`${to}:${breaker.state}`),
      });
      await failTimes(breaker, 1);
      clock.t = 100;
      void breaker.state;
      expect(seen).toEqual(['open:open', 'half-open:half-open']);
    });

    it('is called synchronously, before the call that caused it settles for its caller', async () => {
      const { breaker, changes } = recorded();
      const gate = deferred();
      const pending = breaker.execute(() => gate.promise);
      gate.reject(new Error('down'));
      await pending.catch(() => expect(changes).toEqual([{ from: 'closed', to: 'open' }]));
    });

    it('a listener that throws: the transition stands, and execute rejects with its error', async () => {
      const breaker = new CircuitBreaker({
        now: () => 0,
        failureThreshold: 1,
        onStateChange: () => {
          throw new Error('listener broke');
        },
      });
      await expect(breaker.execute(fail)).rejects.toThrow('listener broke');
      expect(breaker.state).toBe('open');
    });

    it('a listener that throws on open → half-open makes the state read throw, and the change stands', async () => {
      const clock = { t: 0 };
      let throwing = false;
      const breaker = new CircuitBreaker({
        now: () => clock.t,
        cooldownMs: 10,
        failureThreshold: 1,
        onStateChange: () => {
          if (throwing) throw new Error('listener broke');
        },
      });
      await failTimes(breaker, 1);
      throwing = true;
      clock.t = 10;
      expect(() => breaker.state).toThrow('listener broke');
      expect(breaker.state).toBe('half-open');
    });
  });

  describe('bad input', () => {
    test.each([
      { name: 'isFailure', value: true },
      { name: 'isFailure', value: 'Error' },
      { name: 'onStateChange', value: 5 },
      { name: 'onStateChange', value: null },
    ] as const)('$name: $value throws a TypeError naming it', ({ name, value }) => {
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(TypeError);
      expect(() => new CircuitBreaker({ [name]: value })).toThrow(`Expected \`${name}\` to be a function, got`);
    });
  });
});
