import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  clearStep,
  clockStep,
  deleteStep,
  getStep,
  hasStep,
  inspectStep,
  remainingStep,
  setStep,
  ttlSetup,
} from './model.ts';

const { TTLCache } = await loadKata<typeof import('../../katas/ttl-cache/index.ts')>('ttl-cache');

type Cache = InstanceType<typeof TTLCache<string, number>>;

/** A cache on a fake clock that starts at t=1000. */
function onClock(ttl?: number) {
  const clock = { t: 1_000 };
  const now = () => clock.t;
  const cache = new TTLCache<string, number>(ttl === undefined ? { now } : { now, ttl });
  return { cache, clock };
}

describe(level(2, 'Lazy expiry, size and inspection'), () => {
  describe('size', () => {
    it('is 0 for a new cache and counts each key once', () => {
      const { cache } = onClock(100);
      expect(cache.size).toBe(0);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('a', 3);
      expect(cache.size).toBe(2);
    });

    it('drops on delete of a live key', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.delete('a');
      expect(cache.size).toBe(1);
    });

    it('still counts expired entries that nothing has removed', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2);
      clock.t = 5_000;
      expect(cache.size).toBe(2);
    });

    it('reading it removes nothing', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_100;
      void cache.size;
      void cache.size;
      clock.t = 1_050; // backwards, before the expiry: it was never removed
      expect([cache.size, cache.get('a')]).toEqual([1, 1]);
    });

    test.each([
      { touch: 'get', act: (cache: Cache) => cache.get('a') },
      { touch: 'has', act: (cache: Cache) => cache.has('a') },
      { touch: 'delete', act: (cache: Cache) => cache.delete('a') },
      { touch: 'remainingTtl', act: (cache: Cache) => cache.remainingTtl('a') },
    ])('drops when $touch touches an expired entry (lazy expiry)', ({ act }) => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_100;
      expect(cache.size).toBe(2); // not touched yet: still held
      act(cache);
      expect(cache.size).toBe(1);
    });

    it('does not drop when a touch finds the entry live', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_099;
      cache.get('a');
      cache.has('a');
      cache.remainingTtl('a');
      expect(cache.size).toBe(1);
    });

    it('stays the same when set replaces an expired key', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_100;
      cache.set('a', 2);
      expect([cache.size, cache.get('a')]).toEqual([1, 2]);
    });

    it('removed entries stay removed when the clock goes back', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_100;
      cache.get('a'); // removes it
      clock.t = 1_000;
      expect([cache.size, cache.get('a')]).toEqual([0, undefined]);
    });
  });

  describe('remainingTtl', () => {
    test.each([
      { at: 1_000, remaining: 100 },
      { at: 1_040, remaining: 60 },
      { at: 1_099, remaining: 1 },
      { at: 1_099.5, remaining: 0.5 },
      { at: 1_100, remaining: undefined },
      { at: 1_200, remaining: undefined },
    ])('is $remaining at t=$at for an entry set at t=1000 with ttl 100', ({ at, remaining }) => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = at;
      expect(cache.remainingTtl('a')).toBe(remaining);
    });

    it('is Infinity for an entry that never expires', () => {
      const { cache } = onClock();
      cache.set('a', 1);
      expect(cache.remainingTtl('a')).toBe(Number.POSITIVE_INFINITY);
    });

    it('is undefined for an absent key', () => {
      expect(onClock(100).cache.remainingTtl('nope')).toBeUndefined();
    });

    it('uses the per-entry ttl and restarts on set', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1, { ttl: 30 });
      clock.t = 1_010;
      expect(cache.remainingTtl('a')).toBe(20);
      cache.set('a', 2); // t=1010, default ttl: expires at 1110
      expect(cache.remainingTtl('a')).toBe(100);
    });

    it('grows when the clock goes back', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // expires at 1100
      clock.t = 900;
      expect(cache.remainingTtl('a')).toBe(200);
    });

    it('does not extend the TTL', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_050;
      cache.remainingTtl('a');
      clock.t = 1_100;
      expect(cache.has('a')).toBe(false);
    });
  });

  describe('clear', () => {
    it('removes every entry, live or expired', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2, { ttl: 10 });
      cache.set('c', 3, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_010;
      cache.clear();
      expect([cache.size, cache.has('a'), cache.has('c'), [...cache.keys()]]).toEqual([0, false, false, []]);
    });

    it('leaves a cache that works as new', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.clear();
      cache.set('a', 2);
      cache.set('b', 3, { ttl: 5 });
      clock.t = 1_005;
      expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([2, undefined, 1]);
    });
  });

  describe('iteration', () => {
    it('yields entries, keys and values in insertion order', () => {
      const { cache } = onClock(100);
      cache.set('b', 2);
      cache.set('a', 1);
      cache.set('c', 3);
      expect([...cache.entries()]).toEqual([
        ['b', 2],
        ['a', 1],
        ['c', 3],
      ]);
      expect([...cache.keys()]).toEqual(['b', 'a', 'c']);
      expect([...cache.values()]).toEqual([2, 1, 3]);
      expect([...cache]).toEqual([...cache.entries()]);
    });

    it('keeps the place of a live key that is set again', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('a', 3);
      expect([...cache.entries()]).toEqual([
        ['a', 3],
        ['b', 2],
      ]);
    });

    it('moves a key that was deleted and set again to the end', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2);
      cache.delete('a');
      cache.set('a', 3);
      expect([...cache.keys()]).toEqual(['b', 'a']);
    });

    it('moves a key that expired and was set again to the end', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1, { ttl: 10 });
      cache.set('b', 2);
      clock.t = 1_010; // a expired
      cache.set('a', 3);
      expect([...cache.keys()]).toEqual(['b', 'a']);
    });

    it('skips expired entries without removing them', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('b', 2, { ttl: Number.POSITIVE_INFINITY });
      cache.set('c', 3, { ttl: 10 });
      clock.t = 1_100;
      expect([...cache.entries()]).toEqual([['b', 2]]);
      expect([...cache.keys()]).toEqual(['b']);
      expect([...cache.values()]).toEqual([2]);
      expect(cache.size).toBe(3);
    });

    it('yields nothing for an empty cache', () => {
      const { cache } = onClock(100);
      expect([[...cache.entries()], [...cache.keys()], [...cache.values()]]).toEqual([[], [], []]);
    });
  });

  it('agrees with a list model, size and order included, with a clock moving forwards', () => {
    const ttls = fc.option(fc.constantFrom(1, 5, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      // sweepBatch 0: lazy expiry only, so `size` here does not depend on the sweep of level 3.
      setup: () => ttlSetup(TTLCache, { ttl: 10, sweepBatch: 0 }),
      steps: [
        setStep(ttls),
        getStep,
        hasStep,
        deleteStep,
        remainingStep,
        clearStep,
        inspectStep,
        clockStep(fc.integer({ min: 1, max: 15 })),
      ],
      maxSteps: 50,
    });
  });
});
