import { afterEach, beforeEach, describe, expect, it, test, vi } from 'vitest';
import { track } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { scriptedLoader, settle } from './deferred.ts';

const { CacheError, CacheFactory, EvictionPolicy, LoadTimeoutError } =
  await loadKata<typeof import('../../katas/cache-factory/index.ts')>('cache-factory');

function make(options: { capacity?: number; loadTimeout?: number; defaultTtl?: number } = {}) {
  const clock = { t: 0 };
  const cache = CacheFactory.create<string, string>(EvictionPolicy.LRU, {
    capacity: 3,
    now: () => clock.t,
    ...options,
  });
  return { cache, clock };
}

const zeroStats = { hits: 0, misses: 0, evictions: 0, expirations: 0, loads: 0, loadFailures: 0 };

describe(level(4, 'Timeouts, cancellation and stats'), () => {
  describe('loadTimeout', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a load that settles in time resolves and leaves no timer behind', async () => {
      const { cache } = make({ loadTimeout: 100 });
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = track(cache.getOrLoad('a', loader)); // t=0
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(99); // t=99
      load(0).resolve('v');
      await settle();
      expect([waiter.status, waiter.value, cache.get('a'), vi.getTimerCount()]).toEqual(['fulfilled', 'v', 'v', 0]);
    });

    it('a load that fails in time leaves no timer behind either', async () => {
      const { cache } = make({ loadTimeout: 100 });
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = track(cache.getOrLoad('a', loader));
      load(0).reject(new Error('no'));
      await settle();
      expect([waiter.status, vi.getTimerCount()]).toEqual(['rejected', 0]);
    });

    it('rejects every waiter with one LoadTimeoutError exactly loadTimeout ms after the load started', async () => {
      const { cache } = make({ loadTimeout: 100 });
      const { loader } = scriptedLoader<string, string>();
      const first = track(cache.getOrLoad('a', loader)); // t=0: the load starts
      await vi.advanceTimersByTimeAsync(60);
      const second = track(cache.getOrLoad('a', loader)); // t=60: joins; does not restart the clock
      await vi.advanceTimersByTimeAsync(39); // t=99
      expect([first.status, second.status]).toEqual(['pending', 'pending']);
      await vi.advanceTimersByTimeAsync(1); // t=100
      expect([first.status, second.status]).toEqual(['rejected', 'rejected']);
      expect(first.reason).toBeInstanceOf(LoadTimeoutError);
      expect(second.reason).toBe(first.reason);
    });

    it('LoadTimeoutError is a CacheError with the timeout, a name and a message', async () => {
      const { cache } = make({ loadTimeout: 250 });
      const waiter = track(cache.getOrLoad('a', scriptedLoader<string, string>().loader));
      await vi.advanceTimersByTimeAsync(250);
      const error = waiter.reason as InstanceType<typeof LoadTimeoutError>;
      expect(error).toBeInstanceOf(CacheError);
      expect(error).toBeInstanceOf(Error);
      expect([error.name, error.timeout]).toEqual(['LoadTimeoutError', 250]);
      expect(error.message).toMatch(/250 ms/);
    });

    it("aborts the loader's signal with the timeout error, drops a late value, and loads afresh next time", async () => {
      const { cache } = make({ loadTimeout: 100 });
      const { loader, load, signal } = scriptedLoader<string, string>();
      const waiter = track(cache.getOrLoad('a', loader));
      await vi.advanceTimersByTimeAsync(100);
      expect(signal(0).aborted).toBe(true);
      expect(signal(0).reason).toBe(waiter.reason);
      load(0).resolve('late');
      await settle();
      expect(cache.has('a')).toBe(false);
      const next = track(cache.getOrLoad('a', loader));
      expect(loader).toHaveBeenCalledTimes(2);
      load(1).resolve('fresh');
      await settle();
      expect([next.value, cache.get('a')]).toEqual(['fresh', 'fresh']);
    });

    it('arms no timer without a loadTimeout, and a load may take as long as it takes', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = track(cache.getOrLoad('a', loader));
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(1e9);
      expect(waiter.status).toBe('pending');
      load(0).resolve('slow');
      await settle();
      expect(waiter.value).toBe('slow');
    });

    it('arms no timer for a hit', async () => {
      const { cache } = make({ loadTimeout: 100 });
      cache.put('a', 'v');
      await expect(cache.getOrLoad('a', () => 'unused')).resolves.toBe('v');
      expect(vi.getTimerCount()).toBe(0);
    });

    test.each([0, -1, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects loadTimeout %s with a RangeError naming loadTimeout',
      (loadTimeout) => {
        expect(() => make({ loadTimeout })).toThrow(RangeError);
        expect(() => make({ loadTimeout })).toThrow(/`loadTimeout`/);
      },
    );

    it('rejects a loadTimeout that is not a number with a TypeError naming loadTimeout', () => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => make({ loadTimeout: '100' })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => make({ loadTimeout: '100' })).toThrow(/`loadTimeout`.*string/);
    });
  });

  describe('AbortSignal per caller', () => {
    it('an already aborted signal rejects with its reason at once: no load, even for a cached key', async () => {
      const { cache } = make();
      cache.put('cached', 'v');
      const reason = new Error('gone');
      const loader = vi.fn(() => 'unused');
      const signal = AbortSignal.abort(reason);
      await expect(cache.getOrLoad('cached', loader, { signal })).rejects.toBe(reason);
      await expect(cache.getOrLoad('missing', loader, { signal })).rejects.toBe(reason);
      expect(loader).not.toHaveBeenCalled();
    });

    it('aborting one caller rejects only that caller; the others get the value, which is stored', async () => {
      const { cache } = make();
      const { loader, load, signal } = scriptedLoader<string, string>();
      const leaving = new AbortController();
      const staying = new AbortController();
      const a = track(cache.getOrLoad('k', loader, { signal: leaving.signal }));
      const b = track(cache.getOrLoad('k', loader, { signal: staying.signal }));
      const c = track(cache.getOrLoad('k', loader));
      const reason = new Error('user left');
      leaving.abort(reason);
      await settle();
      expect([a.status, a.reason, b.status, c.status, signal(0).aborted]).toEqual([
        'rejected',
        reason,
        'pending',
        'pending',
        false,
      ]);
      load(0).resolve('v');
      await settle();
      expect([b.value, c.value, cache.get('k')]).toEqual(['v', 'v', 'v']);
    });

    it('rejects with the default AbortError reason when aborted without a reason', async () => {
      const { cache } = make();
      const { loader } = scriptedLoader<string, string>();
      const controller = new AbortController();
      const keeper = track(cache.getOrLoad('k', loader));
      const waiter = track(cache.getOrLoad('k', loader, { signal: controller.signal }));
      controller.abort();
      await settle();
      expect(waiter.reason).toBe(controller.signal.reason);
      expect((waiter.reason as Error).name).toBe('AbortError');
      expect(keeper.status).toBe('pending');
    });

    it('aborts the shared load when every waiter has gone, with the last reason, and drops its value', async () => {
      const { cache } = make();
      const { loader, load, signal } = scriptedLoader<string, string>();
      const first = new AbortController();
      const second = new AbortController();
      const a = track(cache.getOrLoad('k', loader, { signal: first.signal }));
      const b = track(cache.getOrLoad('k', loader, { signal: second.signal }));
      first.abort(new Error('first left'));
      await settle();
      expect(signal(0).aborted).toBe(false); // one waiter is still there
      const last = new Error('second left');
      second.abort(last);
      await settle();
      expect([a.status, b.reason, signal(0).aborted, signal(0).reason]).toEqual(['rejected', last, true, last]);
      load(0).resolve('late');
      await settle();
      expect(cache.has('k')).toBe(false);
    });

    it('after every waiter has gone, the next caller starts a fresh load', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const controller = new AbortController();
      const gone = track(cache.getOrLoad('k', loader, { signal: controller.signal }));
      controller.abort();
      const next = track(cache.getOrLoad('k', loader));
      expect(loader).toHaveBeenCalledTimes(2);
      load(1).resolve('fresh');
      load(0).resolve('abandoned');
      await settle();
      expect([gone.status, next.value, cache.get('k')]).toEqual(['rejected', 'fresh', 'fresh']);
    });

    test.each([
      { order: 'before', label: 'joined before the other left' },
      { order: 'after', label: 'joined after the load started, before the other left' },
    ])('never aborts the load once a caller without a signal has $label', async ({ order }) => {
      const { cache } = make();
      const { loader, load, signal } = scriptedLoader<string, string>();
      const controller = new AbortController();
      let keeper: ReturnType<typeof track<string>> | undefined;
      if (order === 'before') keeper = track(cache.getOrLoad('k', loader));
      const leaver = track(cache.getOrLoad('k', loader, { signal: controller.signal }));
      if (order === 'after') keeper = track(cache.getOrLoad('k', loader));
      controller.abort();
      await settle();
      expect([leaver.status, keeper?.status, signal(0).aborted]).toEqual(['rejected', 'pending', false]);
      load(0).resolve('v');
      await settle();
      expect([keeper?.value, cache.get('k')]).toEqual(['v', 'v']);
    });

    it('a new caller with a signal can join while one waiter is left, and keeps the load alive', async () => {
      const { cache } = make();
      const { loader, load, signal } = scriptedLoader<string, string>();
      const first = new AbortController();
      const second = new AbortController();
      track(cache.getOrLoad('k', loader, { signal: first.signal }));
      const b = track(cache.getOrLoad('k', loader, { signal: second.signal }));
      first.abort();
      const third = new AbortController();
      const c = track(cache.getOrLoad('k', loader, { signal: third.signal }));
      second.abort();
      await settle();
      expect([b.status, c.status, signal(0).aborted]).toEqual(['rejected', 'pending', false]);
      load(0).resolve('v');
      await settle();
      expect(c.value).toBe('v');
    });

    it('aborting after the caller got its value changes nothing', async () => {
      const { cache } = make();
      const { loader, load, signal } = scriptedLoader<string, string>();
      const controller = new AbortController();
      const waiter = cache.getOrLoad('k', loader, { signal: controller.signal });
      load(0).resolve('v');
      await expect(waiter).resolves.toBe('v');
      controller.abort();
      await settle();
      expect([signal(0).aborted, cache.get('k')]).toEqual([false, 'v']);
      expect(cache.stats().loadFailures).toBe(0);
    });

    test.each([
      ['a string', 'abort'],
      ['an object', {}],
      ['an AbortController', new AbortController()],
    ])('rejects a signal that is %s with a TypeError naming signal', async (_label, signal) => {
      const { cache } = make();
      // @ts-expect-error: wrongly typed on purpose
      const result = cache.getOrLoad('k', () => 'v', { signal });
      await expect(result).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(cache.getOrLoad('k', () => 'v', { signal })).rejects.toThrow(/`signal`/);
    });
  });

  describe('stats', () => {
    it('starts at zero', () => {
      expect(make().cache.stats()).toEqual(zeroStats);
    });

    it('counts get hits and misses, and nothing for has, peek and delete', () => {
      const { cache } = make();
      cache.put('a', '1');
      cache.get('a');
      cache.get('a');
      cache.get('zz');
      cache.has('a');
      cache.peek('a');
      cache.has('zz');
      cache.delete('a');
      expect(cache.stats()).toEqual({ ...zeroStats, hits: 2, misses: 1 });
    });

    it('counts getOrLoad hits and misses; a caller joining a load in flight is a miss, not a load', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const callers = [cache.getOrLoad('a', loader), cache.getOrLoad('a', loader)];
      load(0).resolve('v');
      await Promise.all(callers);
      await cache.getOrLoad('a', loader);
      expect(cache.stats()).toEqual({ ...zeroStats, hits: 1, misses: 2, loads: 1 });
    });

    it('counts evictions of live entries and expirations of expired ones (touched, purged, or evicted)', () => {
      const { cache, clock } = make({ capacity: 2 });
      cache.put('a', '1');
      cache.put('b', '2');
      cache.put('c', '3'); // evicts a (live): eviction
      cache.put('d', '4', { ttl: 10 }); // evicts b (live): eviction
      clock.t = 10;
      cache.get('d'); // expired, touched: expiration (and a miss)
      cache.put('e', '5', { ttl: 10 }); // room left by d
      clock.t = 20;
      cache.put('f', '6'); // the LRU victim is c (live): eviction
      cache.put('g', '7'); // the victim is e, expired: expiration
      expect(cache.stats()).toEqual({ ...zeroStats, misses: 1, evictions: 3, expirations: 2 });
      cache.put('h', '8', { ttl: 5 });
      clock.t = 25;
      expect(cache.purgeExpired()).toBe(1);
      expect(cache.stats().expirations).toBe(3);
    });

    it('counts every failed load: rejected, thrown, timed out, abandoned; successes are not failures', async () => {
      vi.useFakeTimers();
      try {
        const { cache } = make({ loadTimeout: 100 });
        const { loader, load } = scriptedLoader<string, string>();
        const rejected = track(cache.getOrLoad('a', loader));
        load(0).reject(new Error('no'));
        track(
          cache.getOrLoad('b', () => {
            throw new Error('sync');
          }),
        );
        track(cache.getOrLoad('c', loader)); // times out
        await vi.advanceTimersByTimeAsync(100);
        const controller = new AbortController();
        track(cache.getOrLoad('d', loader, { signal: controller.signal }));
        controller.abort(); // abandoned
        const ok = track(cache.getOrLoad('e', loader));
        load(3).resolve('v');
        await settle();
        expect([rejected.status, ok.value]).toEqual(['rejected', 'v']);
        expect(cache.stats()).toEqual({ ...zeroStats, misses: 5, loads: 5, loadFailures: 4 });
      } finally {
        vi.useRealTimers();
      }
    });

    it('counts nothing for a caller whose signal was already aborted, or for a bad loader', async () => {
      const { cache } = make();
      await expect(cache.getOrLoad('a', () => 'v', { signal: AbortSignal.abort() })).rejects.toBeDefined();
      // @ts-expect-error: wrongly typed on purpose
      await expect(cache.getOrLoad('a', 'not a function')).rejects.toThrow(TypeError);
      expect(cache.stats()).toEqual(zeroStats);
    });

    it('are not reset by clear, and a returned snapshot does not change afterwards', () => {
      const { cache } = make();
      cache.get('a');
      const before = cache.stats();
      cache.clear();
      cache.get('a');
      expect([before.misses, cache.stats().misses]).toEqual([1, 2]);
    });
  });
});
