import { describe, expect, it, test, vi } from 'vitest';
import { track } from '../support/deferred.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { scriptedLoader, settle } from './deferred.ts';

const { CacheFactory, EvictionPolicy } =
  await loadKata<typeof import('../../katas/cache-factory/index.ts')>('cache-factory');

function make(capacity = 3, options: { defaultTtl?: number } = {}) {
  const clock = { t: 0 };
  const cache = CacheFactory.create<string, string>(EvictionPolicy.LRU, { capacity, now: () => clock.t, ...options });
  return { cache, clock };
}

describe(level(3, 'Single-flight getOrLoad'), () => {
  describe('hits', () => {
    it('resolves with the cached value without calling the loader', async () => {
      const { cache } = make();
      cache.put('a', 'cached');
      const loader = vi.fn(() => 'loaded');
      const result = cache.getOrLoad('a', loader);
      expect(result).toBeInstanceOf(Promise);
      await expect(result).resolves.toBe('cached');
      expect(loader).not.toHaveBeenCalled();
    });

    it('is an access for the policy: an LRU hit saves the key from the next eviction', async () => {
      const { cache } = make(2);
      cache.put('a', '1');
      cache.put('b', '2');
      await cache.getOrLoad('a', () => 'unused');
      cache.put('c', '3');
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    });

    it('treats an expired entry as a miss and loads again', async () => {
      const { cache, clock } = make(2, { defaultTtl: 100 });
      cache.put('a', 'old');
      clock.t = 100;
      await expect(cache.getOrLoad('a', () => 'new')).resolves.toBe('new');
      expect(cache.get('a')).toBe('new');
    });
  });

  describe('misses', () => {
    it('calls the loader at once with the key and an unaborted AbortSignal', () => {
      const { cache } = make();
      const { loader, signal } = scriptedLoader<string, string>();
      void cache.getOrLoad('a', loader);
      expect(loader).toHaveBeenCalledTimes(1);
      expect(loader.mock.calls[0]?.[0]).toBe('a');
      expect(signal(0)).toBeInstanceOf(AbortSignal);
      expect(signal(0).aborted).toBe(false);
    });

    it('resolves with the loaded value and stores it before any waiter resumes', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const result = cache.getOrLoad('a', loader).then((value) => [value, cache.peek('a')]);
      expect(cache.has('a')).toBe(false); // not yet loaded
      load(0).resolve('loaded');
      await expect(result).resolves.toEqual(['loaded', 'loaded']);
      await expect(cache.getOrLoad('a', loader)).resolves.toBe('loaded');
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('accepts a loader that returns a plain value', async () => {
      const { cache } = make();
      await expect(cache.getOrLoad('a', (key) => `${key}!`)).resolves.toBe('a!');
      expect(cache.get('a')).toBe('a!');
    });

    it('stores a loaded undefined as a value', async () => {
      const cache = CacheFactory.create<string, string | undefined>(EvictionPolicy.FIFO, { capacity: 2 });
      await expect(cache.getOrLoad('a', async () => undefined)).resolves.toBeUndefined();
      expect([cache.has('a'), cache.size]).toEqual([true, 1]);
    });

    it('stores the value like put: the TTL starts when the value arrives, and a full cache evicts', async () => {
      const { cache, clock } = make(1, { defaultTtl: 100 });
      cache.put('old', 'x');
      const { loader, load } = scriptedLoader<string, string>();
      const result = cache.getOrLoad('a', loader); // t=0
      clock.t = 50;
      load(0).resolve('loaded'); // stored at t=50: expires at t=150
      await result;
      expect(cache.has('old')).toBe(false); // evicted to make room
      clock.t = 149;
      expect(cache.get('a')).toBe('loaded');
      clock.t = 150;
      expect(cache.get('a')).toBeUndefined();
    });

    it('get during a load is a plain miss: it neither waits nor sees a value', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const result = cache.getOrLoad('a', loader);
      expect([cache.get('a'), cache.has('a'), cache.size]).toEqual([undefined, false, 0]);
      load(0).resolve('loaded');
      await result;
      expect(cache.get('a')).toBe('loaded');
    });
  });

  describe('single flight', () => {
    it('shares one load among concurrent callers of the same key', async () => {
      const { loader, load } = scriptedLoader<string, { id: string }>();
      const objects = CacheFactory.create<string, { id: string }>(EvictionPolicy.LFU, { capacity: 2 });
      const callers = [
        objects.getOrLoad('u1', loader),
        objects.getOrLoad('u1', loader),
        objects.getOrLoad('u1', loader),
      ];
      expect(loader).toHaveBeenCalledTimes(1);
      const user = { id: 'u1' };
      load(0).resolve(user);
      const values = await Promise.all(callers);
      expect(values).toEqual([user, user, user]);
      expect(values.every((value) => value === user)).toBe(true);
    });

    it('never calls the loader of a caller that joined a load in flight', async () => {
      const { cache } = make();
      const first = scriptedLoader<string, string>();
      const second = vi.fn(() => 'second');
      const a = cache.getOrLoad('a', first.loader);
      const b = cache.getOrLoad('a', second);
      first.load(0).resolve('first');
      await expect(Promise.all([a, b])).resolves.toEqual(['first', 'first']);
      expect(second).not.toHaveBeenCalled();
    });

    it('loads different keys independently, in any order', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const a = track(cache.getOrLoad('a', loader));
      const b = track(cache.getOrLoad('b', loader));
      expect(loader.mock.calls.map((call) => call[0])).toEqual(['a', 'b']);
      load(1).resolve('B');
      await settle();
      expect([a.status, b.value, cache.get('b'), cache.has('a')]).toEqual(['pending', 'B', 'B', false]);
      load(0).resolve('A');
      await settle();
      expect([a.value, cache.get('a')]).toEqual(['A', 'A']);
    });

    it('a caller arriving after the load finished gets a hit, not a second load', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const first = cache.getOrLoad('a', loader);
      load(0).resolve('v');
      await first;
      await expect(cache.getOrLoad('a', loader)).resolves.toBe('v');
      expect(loader).toHaveBeenCalledTimes(1);
    });
  });

  describe('failures', () => {
    it('rejects every waiter with the same error and caches nothing', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const callers = [cache.getOrLoad('a', loader), cache.getOrLoad('a', loader)];
      const failure = new Error('database down');
      load(0).reject(failure);
      const outcomes = await Promise.allSettled(callers);
      expect(outcomes).toEqual([
        { status: 'rejected', reason: failure },
        { status: 'rejected', reason: failure },
      ]);
      expect([cache.has('a'), cache.size]).toEqual([false, 0]);
    });

    it('does not remember a rejection: the next call loads again', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const first = cache.getOrLoad('a', loader);
      load(0).reject(new Error('once'));
      await expect(first).rejects.toThrow('once');
      const second = cache.getOrLoad('a', loader);
      expect(loader).toHaveBeenCalledTimes(2);
      load(1).resolve('ok');
      await expect(second).resolves.toBe('ok');
      expect(cache.get('a')).toBe('ok');
    });

    it('turns a loader that throws synchronously into a rejection (getOrLoad never throws)', async () => {
      const { cache } = make();
      const failure = new Error('sync');
      let result: Promise<string> | undefined;
      expect(() => {
        result = cache.getOrLoad('a', () => {
          throw failure;
        });
      }).not.toThrow();
      await expect(result).rejects.toBe(failure);
      await expect(cache.getOrLoad('a', () => 'later')).resolves.toBe('later');
    });

    test.each([
      ['undefined', undefined],
      ['a string', 'load'],
      ['an object', {}],
    ])('rejects a loader that is %s with a TypeError naming loader', async (_label, loader) => {
      const { cache } = make();
      let result: Promise<string> | undefined;
      expect(() => {
        // @ts-expect-error: wrongly typed on purpose
        result = cache.getOrLoad('a', loader);
      }).not.toThrow();
      await expect(result).rejects.toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      await expect(cache.getOrLoad('a', loader)).rejects.toThrow(/`loader`/);
    });
  });

  describe('an invalidation during a load wins over the stale load', () => {
    it('put during a load: waiters get the loaded value, the cache keeps the value put', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = cache.getOrLoad('a', loader);
      cache.put('a', 'fresh');
      load(0).resolve('stale');
      await expect(waiter).resolves.toBe('stale');
      expect(cache.get('a')).toBe('fresh');
      await expect(cache.getOrLoad('a', loader)).resolves.toBe('fresh');
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('put during a load that then fails: the value put stays', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = track(cache.getOrLoad('a', loader));
      cache.put('a', 'fresh');
      load(0).reject(new Error('late failure'));
      await settle();
      expect([waiter.status, cache.get('a')]).toEqual(['rejected', 'fresh']);
    });

    test.each(['delete', 'clear'] as const)(
      '%s during a load: the stale value is not stored, and the next call starts a fresh load',
      async (invalidate) => {
        const { cache } = make();
        const { loader, load } = scriptedLoader<string, string>();
        const stale = cache.getOrLoad('a', loader);
        if (invalidate === 'delete') cache.delete('a');
        else cache.clear();
        const fresh = cache.getOrLoad('a', loader); // does not join the stale load
        expect(loader).toHaveBeenCalledTimes(2);
        load(0).resolve('stale');
        await expect(stale).resolves.toBe('stale');
        expect(cache.has('a')).toBe(false);
        load(1).resolve('fresh');
        await expect(fresh).resolves.toBe('fresh');
        expect(cache.get('a')).toBe('fresh');
      },
    );

    test.each([
      { order: 'the fresh load first, then the stale one', first: 1 },
      { order: 'the stale load first, then the fresh one', first: 0 },
    ])('after a delete, the fresh load wins whatever order they settle in: $order', async ({ first }) => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const values = ['stale', 'fresh'];
      const stale = cache.getOrLoad('a', loader);
      cache.delete('a');
      const fresh = cache.getOrLoad('a', loader);
      load(first).resolve(values[first] as string);
      load(1 - first).resolve(values[1 - first] as string);
      await expect(Promise.all([stale, fresh])).resolves.toEqual(['stale', 'fresh']);
      expect(cache.get('a')).toBe('fresh');
    });

    it('a put of another key does not detach the load', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = cache.getOrLoad('a', loader);
      cache.put('b', 'other');
      cache.delete('c');
      load(0).resolve('loaded');
      await waiter;
      expect(cache.get('a')).toBe('loaded');
    });

    it('a delete after the load finished removes the loaded value like any other', async () => {
      const { cache } = make();
      const { loader, load } = scriptedLoader<string, string>();
      const waiter = cache.getOrLoad('a', loader);
      load(0).resolve('loaded');
      await waiter;
      expect([cache.delete('a'), cache.has('a')]).toEqual([true, false]);
    });
  });
});
