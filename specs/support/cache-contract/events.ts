/**
 * Level 4 of the LRU, LFU and FIFO katas, the part their contracts share: the `onEvict` listener (reasons, timing,
 * errors) and `stats()`. Each kata's `l4-events.spec.ts` calls `eventsContract` inside its level suite and keeps the
 * tests that depend on its policy (which key is evicted, LFU's frequencies) and its own model run.
 */
import { describe, expect, it, test } from 'vitest';
import type { CacheClass, EvictionReason, GenericCacheClass, KataCache, Touch } from './cache.ts';

type Event = [string, number, EvictionReason];

/** A cache on a fake clock (t=0) that records every listener call. */
export function recorded<C extends KataCache<string, number>>(Cache: CacheClass<C>, capacity: number, ttl?: number) {
  const clock = { t: 0 };
  const events: Event[] = [];
  const cache = new Cache(capacity, {
    now: () => clock.t,
    onEvict: (key, value, reason) => events.push([key, value, reason]),
    ...(ttl === undefined ? {} : { ttl }),
  });
  return { cache, clock, events };
}

export interface EventsKata<C extends KataCache<string, number>> {
  /** The kata's cache class. */
  readonly Cache: CacheClass<C>;
  /** More rows for "reports 'expire' when $touch touches an expired entry" (the kata's own read methods). */
  readonly moreTouches?: readonly Touch<C>[];
}

/** Declares the shared level-4 tests; call it inside the kata's `describe(level(4, …))`. */
export function eventsContract<C extends KataCache<string, number>>({ Cache, moreTouches = [] }: EventsKata<C>): void {
  describe('onEvict reasons', () => {
    it("reports 'set' with the old value when put replaces a value", () => {
      const { cache, events } = recorded(Cache, 2);
      cache.put('a', 1);
      cache.put('a', 2);
      expect(events).toEqual([['a', 1, 'set']]);
    });

    it('reports nothing when put stores the same value again (Object.is)', () => {
      const { cache, events } = recorded(Cache, 2);
      const value = Number.NaN;
      cache.put('a', value);
      cache.put('a', value);
      expect(events).toEqual([]);
    });

    it("reports 'delete' for delete(key), and nothing for deleting an absent key", () => {
      const { cache, events } = recorded(Cache, 2);
      cache.put('a', 1);
      cache.delete('a');
      cache.delete('a');
      expect(events).toEqual([['a', 1, 'delete']]);
    });

    it("reports 'delete' for every entry on clear()", () => {
      const { cache, events } = recorded(Cache, 3);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('c', 3);
      cache.clear();
      expect([...events].sort()).toEqual([
        ['a', 1, 'delete'],
        ['b', 2, 'delete'],
        ['c', 3, 'delete'],
      ]);
    });

    it("reports 'delete' on clear() for expired entries too, and counts no expiration", () => {
      const { cache, clock, events } = recorded(Cache, 2, 100);
      cache.put('a', 1);
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 100; // a has expired, untouched
      cache.clear();
      expect([...events].sort()).toEqual([
        ['a', 1, 'delete'],
        ['b', 2, 'delete'],
      ]);
      expect(cache.stats().expirations).toBe(0);
    });

    const touches: readonly Touch<C>[] = [
      { touch: 'get', act: (cache) => cache.get('a') },
      { touch: 'peek', act: (cache) => cache.peek('a') },
      { touch: 'has', act: (cache) => cache.has('a') },
      { touch: 'delete', act: (cache) => cache.delete('a') },
      { touch: 'put', act: (cache) => cache.put('a', 9) },
      ...moreTouches,
    ];
    test.each(touches)("reports 'expire' when $touch touches an expired entry", ({ act }) => {
      const { cache, clock, events } = recorded(Cache, 2, 100);
      cache.put('a', 1);
      clock.t = 100; // t=100: expired
      act(cache);
      expect(events).toEqual([['a', 1, 'expire']]);
    });

    it("reports 'expire' for each entry purgeExpired() removes", () => {
      const { cache, clock, events } = recorded(Cache, 3, 100);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('c', 3, { ttl: 1_000 });
      clock.t = 100;
      cache.purgeExpired();
      expect([...events].sort()).toEqual([
        ['a', 1, 'expire'],
        ['b', 2, 'expire'],
      ]);
    });

    it("reports 'expire', not 'evict', when the entry removed to make room had expired", () => {
      const { cache, clock, events } = recorded(Cache, 1);
      cache.put('a', 1, { ttl: 10 });
      clock.t = 10;
      cache.put('b', 2);
      expect(events).toEqual([['a', 1, 'expire']]);
    });

    it('reports nothing for gets, peeks, has and iteration of live entries', () => {
      const { cache, events } = recorded(Cache, 2, 100);
      cache.put('a', 1);
      cache.get('a');
      cache.peek('a');
      cache.has('a');
      void [...cache];
      expect(events).toEqual([]);
    });
  });

  describe('onEvict timing and errors', () => {
    it('runs after the operation finished: the entry is gone and the new one is in', () => {
      const seen: unknown[] = [];
      const cache: C = new Cache(1, {
        onEvict: (key) => seen.push([cache.has(key), cache.get('b'), cache.size]),
      });
      cache.put('a', 1);
      cache.put('b', 2);
      expect(seen).toEqual([[false, 2, 1]]);
    });

    it("propagates the listener's error after the operation completed", () => {
      const cache = new Cache(1, {
        onEvict: () => {
          throw new Error('listener failed');
        },
      });
      cache.put('a', 1);
      expect(() => cache.put('b', 2)).toThrow('listener failed');
      expect([...cache.entries()]).toEqual([['b', 2]]);
    });

    it('delivers every notification of an operation before rethrowing the first error', () => {
      const delivered: string[] = [];
      const clock = { t: 0 };
      const cache = new Cache(3, {
        ttl: 10,
        now: () => clock.t,
        onEvict: (key) => {
          delivered.push(key);
          throw new Error(`listener failed on ${key}`);
        },
      });
      cache.put('a', 1);
      cache.put('b', 2);
      clock.t = 10;
      expect(() => cache.purgeExpired()).toThrow(/listener failed on [ab]/);
      expect([delivered.sort(), cache.size]).toEqual([['a', 'b'], 0]);
    });

    test.each([{ onEvict: 'log' }, { onEvict: 1 }, { onEvict: null }])(
      'an onEvict of $onEvict throws a TypeError naming onEvict',
      ({ onEvict }) => {
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new Cache(2, { onEvict })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new Cache(2, { onEvict })).toThrow(/onEvict/);
      },
    );
  });

  describe('stats', () => {
    it('starts at zero', () => {
      expect(new Cache(2).stats()).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0 });
    });

    it('counts get hits and misses, and ignores peek and has', () => {
      const cache = new Cache(2);
      cache.put('a', 1);
      cache.get('a');
      cache.get('a');
      cache.get('x');
      cache.peek('a');
      cache.peek('x');
      cache.has('x');
      expect(cache.stats()).toMatchObject({ hits: 2, misses: 1 });
    });

    it('counts a get of an undefined value as a hit', () => {
      const cache = new (Cache as unknown as GenericCacheClass)<string, undefined>(2); // the same class, V = undefined
      cache.put('a', undefined);
      cache.get('a');
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 0 });
    });

    it('counts evictions, not deletes or replacements', () => {
      const { cache } = recorded(Cache, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('c', 3); // evicts a
      cache.put('c', 4); // set
      cache.delete('b'); // delete
      cache.put('d', 5);
      cache.put('e', 6); // evicts c
      expect(cache.stats()).toEqual({ hits: 0, misses: 0, evictions: 2, expirations: 0 });
    });

    it('counts a get of an expired entry as a miss and an expiration', () => {
      const { cache, clock } = recorded(Cache, 2, 100);
      cache.put('a', 1);
      clock.t = 100;
      cache.get('a');
      expect(cache.stats()).toEqual({ hits: 0, misses: 1, evictions: 0, expirations: 1 });
    });

    it('survives clear()', () => {
      const cache = new Cache(1);
      cache.put('a', 1);
      cache.get('a');
      cache.put('b', 2);
      cache.clear();
      expect(cache.stats()).toEqual({ hits: 1, misses: 0, evictions: 1, expirations: 0 });
    });

    it('returns a snapshot that later operations do not change', () => {
      const cache = new Cache(1);
      const before = cache.stats();
      cache.get('a');
      expect(before).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0 });
    });
  });
}
