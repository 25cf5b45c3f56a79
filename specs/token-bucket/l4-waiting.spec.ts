import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest';
import type { Decision } from '../../katas/token-bucket/index.ts';
import { track } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';

const { TokenBucket } = await loadKata<typeof import('../../katas/token-bucket/index.ts')>('token-bucket');

/** A limiter on the fake clock: `now` reads the faked Date, so advancing the fake timers moves both. */
function limiterOf(capacity: number, refillPerSecond: number) {
  return new TokenBucket({ capacity, refillPerSecond, now: () => Date.now() });
}

/** Records the order in which promises resolve. */
function orderOf(promises: Record<string, Promise<unknown>>): string[] {
  const order: string[] = [];
  for (const [name, promise] of Object.entries(promises)) {
    promise.then(
      () => order.push(name),
      () => order.push(`${name}:rejected`),
    );
  }
  return order;
}

describe(level(4, 'Waiting for tokens'), () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('acquire', () => {
    it('resolves at once with an allowed decision when the tokens are there', async () => {
      const limiter = limiterOf(3, 1);
      const decision = await limiter.acquire('a', 2);
      expect(decision).toMatchObject({ allowed: true, remaining: 1, retryAfterMs: 0, limit: 3 });
    });

    it('uses the shared key "" when the key is omitted', async () => {
      const limiter = limiterOf(1, 1);
      await limiter.acquire();
      expect(limiter.tryAcquire('').allowed).toBe(false);
    });

    it('resolves when the tokens have refilled, not a millisecond earlier', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire(); // t=0: empty
      const waiter = track(limiter.acquire());
      await vi.advanceTimersByTimeAsync(999); // t=999
      expect(waiter.status).toBe('pending');
      await vi.advanceTimersByTimeAsync(1); // t=1000
      expect(waiter).toEqual({
        status: 'fulfilled',
        value: expect.objectContaining({ allowed: true, remaining: 0, retryAfterMs: 0 }) as Decision,
      });
    });

    it('takes the tokens when it resolves', async () => {
      const limiter = limiterOf(2, 1);
      limiter.tryAcquire('', 2); // t=0: empty
      const waiter = limiter.acquire('', 2);
      await vi.advanceTimersByTimeAsync(2_000); // t=2000
      await waiter;
      expect(limiter.tryAcquire('', 0).remaining).toBe(0);
    });

    test.each([
      { rate: 2, cost: 1, due: 500 },
      { rate: 3, cost: 1, due: 334 },
      { rate: 0.5, cost: 2, due: 4_000 },
    ])('at $rate tokens/s a cost-$cost waiter on an empty bucket resolves at t=$due', async ({ rate, cost, due }) => {
      const limiter = limiterOf(2, rate);
      limiter.tryAcquire('', 2); // t=0: empty
      const waiter = track(limiter.acquire('', cost));
      await vi.advanceTimersByTimeAsync(due - 1);
      expect(waiter.status).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(waiter.status).toBe('fulfilled');
    });
  });

  describe('first come, first served', () => {
    it('serves the waiters of one key in the order they called', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire(); // t=0: empty
      const order = orderOf({ first: limiter.acquire(), second: limiter.acquire(), third: limiter.acquire() });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(order).toEqual(['first']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(order).toEqual(['first', 'second']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(order).toEqual(['first', 'second', 'third']);
    });

    it('does not starve a big request at the head: small ones behind it wait for it', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0: empty
      const order = orderOf({
        big: limiter.acquire('', 5),
        small1: limiter.acquire('', 1),
        small2: limiter.acquire('', 1),
      });
      await vi.advanceTimersByTimeAsync(4_999); // enough for the small ones long ago, not for the big one
      expect(order).toEqual([]);
      await vi.advanceTimersByTimeAsync(1); // t=5000
      expect(order).toEqual(['big']);
      await vi.advanceTimersByTimeAsync(1_000); // t=6000
      expect(order).toEqual(['big', 'small1']);
      await vi.advanceTimersByTimeAsync(1_000); // t=7000
      expect(order).toEqual(['big', 'small1', 'small2']);
    });

    it('serves several waiters at the same instant when the tokens cover them all', async () => {
      const limiter = limiterOf(4, 1);
      limiter.tryAcquire('', 4); // t=0: empty
      const order = orderOf({ a: limiter.acquire('', 3), b: limiter.acquire('', 1) });
      await vi.advanceTimersByTimeAsync(10_000); // the waiters are served as the tokens come
      expect(order).toEqual(['a', 'b']);
      expect(limiter.tryAcquire('', 0).remaining).toBe(4);
    });

    it('queues a newcomer behind the waiters even when the bucket could pay for it', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0: empty
      const big = limiter.acquire('', 5);
      await vi.advanceTimersByTimeAsync(2_000); // t=2000: 2 tokens, the head needs 5
      const late = track(limiter.acquire('', 1));
      const order = orderOf({ big, peekBehind: limiter.acquire('', 0) }); // even a cost-0 waiter keeps its turn
      await vi.advanceTimersByTimeAsync(0);
      expect(late.status).toBe('pending');
      await vi.advanceTimersByTimeAsync(2_999); // t=4999
      expect([late.status, order]).toEqual(['pending', []]);
      await vi.advanceTimersByTimeAsync(1_001); // t=6000: big at 5000, then the newcomer
      expect(late.status).toBe('fulfilled');
      expect(order).toEqual(['big', 'peekBehind']);
    });

    it('keeps keys independent: a waiter on one key does not hold up another key', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire('a'); // t=0: 'a' empty
      const waiter = track(limiter.acquire('a'));
      const other = await limiter.acquire('b');
      expect(other.allowed).toBe(true);
      expect(waiter.status).toBe('pending');
    });

    it('leaves no timer behind once every waiter is served', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire(); // t=0
      const waiters = [limiter.acquire(), limiter.acquire()];
      await vi.advanceTimersByTimeAsync(2_000);
      await Promise.all(waiters);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('tryAcquire while others wait', () => {
    it('is denied while a key has waiters, even when the bucket holds its cost', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0: empty
      void limiter.acquire('', 5);
      await vi.advanceTimersByTimeAsync(2_000); // t=2000: 2 tokens, all promised to the waiter
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: false, remaining: 2 });
    });

    it('gives a retryAfterMs that covers the waiters ahead, and waiting that long is allowed', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0: empty
      void limiter.acquire('', 3);
      await vi.advanceTimersByTimeAsync(1_000); // t=1000: 1 token
      const denied = limiter.tryAcquire('', 2);
      expect(denied).toMatchObject({ allowed: false, retryAfterMs: 4_000 }); // 3 + 2 − 1 tokens
      await vi.advanceTimersByTimeAsync(3_999); // t=4999
      expect(limiter.tryAcquire('', 2).allowed).toBe(false);
      await vi.advanceTimersByTimeAsync(1); // t=5000
      expect(limiter.tryAcquire('', 2).allowed).toBe(true);
    });

    it('still allows a peek, which reports the tokens in the bucket', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0
      void limiter.acquire('', 5);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(limiter.tryAcquire('', 0)).toMatchObject({ allowed: true, remaining: 3 });
    });

    it('is allowed again once the queue is empty', async () => {
      const limiter = limiterOf(2, 1);
      limiter.tryAcquire('', 2); // t=0
      const waiter = limiter.acquire('', 1);
      await vi.advanceTimersByTimeAsync(2_000); // the waiter took 1 at t=1000; 1 more since
      await waiter;
      expect(limiter.tryAcquire('', 1)).toMatchObject({ allowed: true, remaining: 0 });
    });
  });

  describe('abort', () => {
    it('rejects with the signal reason and leaves the queue', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire(); // t=0
      const controller = new AbortController();
      const waiter = track(limiter.acquire('', 1, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(500);
      const reason = new Error('gave up');
      controller.abort(reason);
      await vi.advanceTimersByTimeAsync(0);
      expect(waiter).toEqual({ status: 'rejected', reason });
      await vi.advanceTimersByTimeAsync(500); // t=1000: the token is there for anyone
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('moves the waiters behind an aborted head up, and serves them at once if they fit', async () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0
      const controller = new AbortController();
      const big = track(limiter.acquire('', 5, { signal: controller.signal }));
      const small = track(limiter.acquire('', 2));
      await vi.advanceTimersByTimeAsync(3_000); // t=3000: 3 tokens, the big head still waits
      expect(small.status).toBe('pending');
      controller.abort();
      await vi.advanceTimersByTimeAsync(0);
      expect([big.status, small.status]).toEqual(['rejected', 'fulfilled']);
    });

    it('serves the next waiter at its own time after an abort in the middle of the queue', async () => {
      const limiter = limiterOf(3, 1);
      limiter.tryAcquire('', 3); // t=0
      const controller = new AbortController();
      const order = orderOf({
        first: limiter.acquire('', 1),
        middle: limiter.acquire('', 1, { signal: controller.signal }),
        last: limiter.acquire('', 1),
      });
      controller.abort();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(order).toEqual(['middle:rejected', 'first']);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(order).toEqual(['middle:rejected', 'first', 'last']);
    });

    it('no longer counts an aborted waiter in the retryAfterMs of a tryAcquire', () => {
      const limiter = limiterOf(5, 1);
      limiter.tryAcquire('', 5); // t=0: empty
      const controller = new AbortController();
      void limiter.acquire('', 2);
      limiter.acquire('', 3, { signal: controller.signal }).catch(() => {});
      controller.abort();
      expect(limiter.tryAcquire('', 1).retryAfterMs).toBe(3_000); // 2 for the first waiter, 1 for itself
    });

    it('rejects at once and queues nothing when the signal is already aborted', async () => {
      const limiter = limiterOf(1, 1);
      limiter.tryAcquire(); // t=0
      const controller = new AbortController();
      controller.abort(new Error('too late'));
      await expect(limiter.acquire('', 1, { signal: controller.signal })).rejects.toThrow('too late');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(limiter.tryAcquire().allowed).toBe(true);
    });

    it('ignores an abort after the waiter was served', async () => {
      const limiter = limiterOf(1, 1);
      const controller = new AbortController();
      const decision = await limiter.acquire('', 1, { signal: controller.signal });
      controller.abort();
      expect(decision.allowed).toBe(true);
      expect(limiter.tryAcquire('', 0).remaining).toBe(0);
    });
  });

  describe('bad arguments', () => {
    test.each([
      { label: 'a cost above the capacity', key: '', cost: 3, error: RangeError, pattern: /`cost`/ },
      { label: 'a fractional cost', key: '', cost: 0.5, error: RangeError, pattern: /`cost`/ },
      { label: 'a negative cost', key: '', cost: -1, error: RangeError, pattern: /`cost`/ },
      { label: 'a key that is not a string', key: 7, cost: 1, error: TypeError, pattern: /`key`/ },
    ])('rejects $label (acquire itself does not throw)', async ({ key, cost, error, pattern }) => {
      const limiter = limiterOf(2, 1);
      let promise: Promise<unknown> | undefined;
      // @ts-expect-error: key is wrongly typed in one row, on purpose
      expect(() => (promise = limiter.acquire(key, cost))).not.toThrow();
      await expect(promise).rejects.toThrow(error);
      await expect(promise).rejects.toThrow(pattern);
    });

    it('rejects a signal that is not an AbortSignal with a TypeError naming signal', async () => {
      const limiter = limiterOf(2, 1);
      // @ts-expect-error: wrongly typed on purpose
      const promise = limiter.acquire('', 1, { signal: { aborted: false } });
      await expect(promise).rejects.toThrow(TypeError);
      await expect(promise).rejects.toThrow(/`signal`/);
    });

    it('takes nothing when it rejects bad arguments', async () => {
      const limiter = limiterOf(2, 1);
      await expect(limiter.acquire('', 3)).rejects.toThrow(RangeError);
      expect(limiter.tryAcquire('', 2).allowed).toBe(true);
    });
  });

  describe('memory', () => {
    it('never forgets a bucket that has waiters', async () => {
      const limiter = limiterOf(2, 1);
      limiter.tryAcquire('a', 2); // t=0
      const waiter = track(limiter.acquire('a', 2));
      await vi.advanceTimersByTimeAsync(1_000);
      limiter.tryAcquire('b', 0);
      expect(limiter.trackedKeys).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000); // t=2000: served, the bucket is empty again
      expect(waiter.status).toBe('fulfilled');
      expect(limiter.tryAcquire('a', 0).remaining).toBe(0);
    });
  });
});
