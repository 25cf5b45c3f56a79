import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import type { EvictionReason } from '../../katas/lfu/index.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  advanceStep,
  clearStep,
  deleteStep,
  frequencyStep,
  getStep,
  hasStep,
  inspectStep,
  lfuSetup,
  peekStep,
  purgeStep,
  putStep,
  statsStep,
} from './model.ts';

const { LFUCache } = await loadKata<typeof import('../../katas/lfu/index.ts')>('lfu');

type Event = [string, number, EvictionReason];

/** A cache on a fake clock (t=0) that records every listener call. */
function recorded(capacity: number, ttl?: number) {
  const clock = { t: 0 };
  const events: Event[] = [];
  const cache = new LFUCache<string, number>(capacity, {
    now: () => clock.t,
    onEvict: (key, value, reason) => events.push([key, value, reason]),
    ...(ttl === undefined ? {} : { ttl }),
  });
  return { cache, clock, events };
}

describe(level(4, 'Eviction listener and stats'), () => {
  describe('onEvict reasons', () => {
    it("reports 'evict' with the key and value removed to make room", () => {
      const { cache, events } = recorded(2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.put('c', 3);
      expect(events).toEqual([['b', 2, 'evict']]);
    });

    it("reports 'set' with the old value when put replaces a value", () => {
      const { cache, events } = recorded(2);
      cache.put('a', 1);
      cache.put('a', 2);
      expect(events).toEqual([['a', 1, 'set']]);
    });

    it('reports nothing when put stores the same value again (Object.is)', () => {
      const { cache, events } = recorded(2);
      const value = Number.NaN;
      cache.put('a', value);
      cache.put('a', value);
      expect(events).toEqual([]);
    });

    it('reports nothing for a put of the same value, which still counts a use', () => {
      const { cache, events } = recorded(2);
      cache.put('a', 1);
      cache.put('a', 1);
      expect([events, cache.frequencyOf('a')]).toEqual([[], 2]);
    });

    it("reports 'evict' for the least recently used key of the lowest frequency, once per new key", () => {
      const { cache, events } = recorded(3);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('c', 3);
      cache.get('c');
      cache.get('a'); // b: frequency 1; c, a: frequency 2
      cache.put('d', 4); // evicts b
      cache.put('e', 5); // evicts d
      cache.get('e'); // e: frequency 2, the most recent
      cache.put('f', 6); // c, a, e at frequency 2: evicts c, the least recently used
      expect(events).toEqual([
        ['b', 2, 'evict'],
        ['d', 4, 'evict'],
        ['c', 3, 'evict'],
      ]);
    });

    it("reports 'delete' for delete(key), and nothing for deleting an absent key", () => {
      const { cache, events } = recorded(2);
      cache.put('a', 1);
      cache.delete('a');
      cache.delete('a');
      expect(events).toEqual([['a', 1, 'delete']]);
    });

    it("reports 'delete' for every entry on clear()", () => {
      const { cache, events } = recorded(3);
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
      const { cache, clock, events } = recorded(2, 100);
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

    test.each([
      { touch: 'get', act: (cache: ReturnType<typeof recorded>['cache']) => cache.get('a') },
      { touch: 'peek', act: (cache: ReturnType<typeof recorded>['cache']) => cache.peek('a') },
      { touch: 'has', act: (cache: ReturnType<typeof recorded>['cache']) => cache.has('a') },
      { touch: 'frequencyOf', act: (cache: ReturnType<typeof recorded>['cache']) => cache.frequencyOf('a') },
      { touch: 'delete', act: (cache: ReturnType<typeof recorded>['cache']) => cache.delete('a') },
      { touch: 'put', act: (cache: ReturnType<typeof recorded>['cache']) => cache.put('a', 9) },
    ])("reports 'expire' when $touch touches an expired entry", ({ act }) => {
      const { cache, clock, events } = recorded(2, 100);
      cache.put('a', 1);
      clock.t = 100; // t=100: expired
      act(cache);
      expect(events).toEqual([['a', 1, 'expire']]);
    });

    it("reports 'expire' for each entry purgeExpired() removes", () => {
      const { cache, clock, events } = recorded(3, 100);
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
      const { cache, clock, events } = recorded(1);
      cache.put('a', 1, { ttl: 10 });
      clock.t = 10;
      cache.put('b', 2);
      expect(events).toEqual([['a', 1, 'expire']]);
    });

    it('reports nothing for gets, peeks, has and iteration of live entries', () => {
      const { cache, events } = recorded(2, 100);
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
      const cache: InstanceType<typeof LFUCache<string, number>> = new LFUCache<string, number>(1, {
        onEvict: (key) => seen.push([cache.has(key), cache.get('b'), cache.size]),
      });
      cache.put('a', 1);
      cache.put('b', 2);
      expect(seen).toEqual([[false, 2, 1]]);
    });

    it("propagates the listener's error after the operation completed", () => {
      const cache = new LFUCache<string, number>(1, {
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
      const cache = new LFUCache<string, number>(3, {
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
        expect(() => new LFUCache(2, { onEvict })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new LFUCache(2, { onEvict })).toThrow(/onEvict/);
      },
    );
  });

  describe('stats', () => {
    it('starts at zero', () => {
      expect(new LFUCache<string, number>(2).stats()).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0 });
    });

    it('counts get hits and misses, and ignores peek and has', () => {
      const cache = new LFUCache<string, number>(2);
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
      const cache = new LFUCache<string, undefined>(2);
      cache.put('a', undefined);
      cache.get('a');
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 0 });
    });

    it('counts evictions, not deletes or replacements', () => {
      const { cache } = recorded(2);
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
      const { cache, clock } = recorded(2, 100);
      cache.put('a', 1);
      clock.t = 100;
      cache.get('a');
      expect(cache.stats()).toEqual({ hits: 0, misses: 1, evictions: 0, expirations: 1 });
    });

    it('survives clear()', () => {
      const cache = new LFUCache<string, number>(1);
      cache.put('a', 1);
      cache.get('a');
      cache.put('b', 2);
      cache.clear();
      expect(cache.stats()).toEqual({ hits: 1, misses: 0, evictions: 1, expirations: 0 });
    });

    it('returns a snapshot that later operations do not change', () => {
      const cache = new LFUCache<string, number>(1);
      const before = cache.stats();
      cache.get('a');
      expect(before).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0 });
    });
  });

  it('agrees with the naive model on listener calls and stats over random sequences', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity: 3, ttl: 30, listener: true }),
      steps: [
        getStep,
        putStep(ttls),
        hasStep,
        peekStep,
        frequencyStep,
        deleteStep,
        clearStep,
        inspectStep,
        advanceStep,
        purgeStep,
        statsStep,
      ],
      maxSteps: 50,
    });
  });
});
