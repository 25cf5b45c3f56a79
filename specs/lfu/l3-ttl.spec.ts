import fc from 'fast-check';
import { describe, expect, it, test, vi } from 'vitest';
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
} from './model.ts';

const { LFUCache } = await loadKata<typeof import('../../katas/lfu/index.ts')>('lfu');

/** A cache on a fake clock that starts at t=1000. */
function onClock(capacity: number, ttl?: number) {
  const clock = { t: 1_000 };
  const now = () => clock.t;
  const cache = new LFUCache<string, number>(capacity, ttl === undefined ? { now } : { now, ttl });
  return { cache, clock };
}

describe(level(3, 'Time to live'), () => {
  describe('the expiry instant', () => {
    test.each([
      { at: 1_099, live: true, when: 'one millisecond before t + ttl' },
      { at: 1_100, live: false, when: 'exactly at t + ttl' },
      { at: 1_101, live: false, when: 'after t + ttl' },
    ])('an entry put at t=1000 with ttl 100 is live=$live $when', ({ at, live }) => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1); // t=1000, expires at 1100
      clock.t = at;
      expect(cache.get('a')).toBe(live ? 1 : undefined);
    });

    test.each([
      { ttl: 0.5, at: 1_000.4, live: true },
      { ttl: 0.5, at: 1_000.5, live: false },
      { ttl: 1e9, at: 1e9 + 999, live: true },
    ])('fractional and large TTLs: ttl $ttl is live=$live at t=$at', ({ ttl, at, live }) => {
      const { cache, clock } = onClock(2);
      cache.put('a', 1, { ttl });
      clock.t = at;
      expect(cache.has('a')).toBe(live);
    });
  });

  describe('default and per-entry TTL', () => {
    it('entries never expire without a TTL', () => {
      const { cache, clock } = onClock(2);
      cache.put('a', 1);
      clock.t = Number.MAX_SAFE_INTEGER;
      expect(cache.get('a')).toBe(1);
    });

    it('a per-entry ttl overrides the default, shorter or longer', () => {
      const { cache, clock } = onClock(3, 100);
      cache.put('short', 1, { ttl: 10 });
      cache.put('default', 2);
      cache.put('long', 3, { ttl: 500 });
      clock.t = 1_050; // t=1050
      expect([cache.has('short'), cache.has('default'), cache.has('long')]).toEqual([false, true, true]);
      clock.t = 1_200; // t=1200
      expect([cache.has('default'), cache.has('long')]).toEqual([false, true]);
    });

    it('a per-entry ttl of Infinity never expires, even with a default', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1e15;
      expect(cache.get('a')).toBe(1);
    });

    it('put on an existing key restarts its TTL', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1); // t=1000, expires 1100
      clock.t = 1_090;
      cache.put('a', 2); // t=1090, expires 1190
      clock.t = 1_150;
      expect(cache.get('a')).toBe(2);
    });

    it('put on an existing key with its own ttl replaces the old expiry', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      cache.put('a', 1, { ttl: 10 }); // t=1000, now expires at 1010
      clock.t = 1_010;
      expect(cache.has('a')).toBe(false);
    });

    it('get does not extend the TTL (no sliding expiry)', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      clock.t = 1_099;
      expect(cache.get('a')).toBe(1);
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });
  });

  describe('expired entries', () => {
    it('are not returned by get, peek, has or frequencyOf, nor yielded by iteration', () => {
      const { cache, clock } = onClock(3, 100);
      cache.put('old', 1);
      clock.t = 1_050;
      cache.put('new', 2);
      clock.t = 1_100; // old expires now
      expect([...cache.keys()]).toEqual(['new']);
      expect([...cache.entries()]).toEqual([['new', 2]]);
      expect([cache.frequencyOf('old'), cache.peek('old'), cache.has('old'), cache.get('old')]).toEqual([
        undefined,
        undefined,
        false,
        undefined,
      ]);
    });

    test.each([
      { touch: 'get', act: (cache: InstanceType<typeof LFUCache<string, number>>) => cache.get('a') },
      { touch: 'peek', act: (cache: InstanceType<typeof LFUCache<string, number>>) => cache.peek('a') },
      { touch: 'has', act: (cache: InstanceType<typeof LFUCache<string, number>>) => cache.has('a') },
      { touch: 'frequencyOf', act: (cache: InstanceType<typeof LFUCache<string, number>>) => cache.frequencyOf('a') },
    ])('are removed when $touch touches them (size drops)', ({ act }) => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_100;
      expect(cache.size).toBe(2); // not touched yet: still held
      act(cache);
      expect(cache.size).toBe(1);
    });

    it('delete of an expired key returns false and removes it', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      clock.t = 1_100;
      expect(cache.delete('a')).toBe(false);
      expect(cache.size).toBe(0);
    });

    it('put on an expired key inserts it afresh at frequency 1, with a new TTL', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      cache.get('a');
      cache.get('a'); // a: frequency 3
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_100; // a expired
      cache.put('a', 3); // expires at 1200, frequency 1
      expect([cache.frequencyOf('a'), cache.frequencyOf('b')]).toEqual([1, 1]);
      expect([...cache.entries()]).toEqual([
        ['a', 3],
        ['b', 2],
      ]);
      clock.t = 1_199;
      expect(cache.get('a')).toBe(3);
    });

    it('put on an expired key forgets its uses: it is evicted before a key used more often', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('a', 1);
      for (let i = 0; i < 5; i++) cache.get('a'); // a: frequency 6
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      cache.get('b'); // b: frequency 2
      clock.t = 1_100; // a expired
      cache.put('a', 3); // a: frequency 1 again
      cache.put('c', 4); // evicts a, not b
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
    });

    it('count in size until something removes them', () => {
      const { cache, clock } = onClock(3, 100);
      cache.put('a', 1);
      cache.put('b', 2);
      clock.t = 2_000;
      expect(cache.size).toBe(2);
    });
  });

  it('iteration skips expired entries without removing them', () => {
    const { cache, clock } = onClock(3, 100);
    cache.put('a', 1);
    cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
    clock.t = 1_100;
    expect([...cache.keys()]).toEqual(['b']);
    expect([...cache.entries()]).toEqual([['b', 2]]);
    expect(cache.size).toBe(2);
  });

  describe('purgeExpired', () => {
    it('removes every expired entry, keeps live ones in order, and returns the count', () => {
      const { cache, clock } = onClock(5, 100);
      cache.put('a', 1);
      cache.put('b', 2, { ttl: 300 });
      cache.put('c', 3);
      cache.put('d', 4, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_100;
      expect(cache.purgeExpired()).toBe(2);
      expect([cache.size, [...cache.keys()]]).toEqual([2, ['d', 'b']]);
      expect(cache.purgeExpired()).toBe(0);
    });

    it('returns 0 on an empty cache', () => {
      expect(onClock(2, 100).cache.purgeExpired()).toBe(0);
    });

    it('frees the room, so the next put evicts no live entry', () => {
      const { cache, clock } = onClock(2, 100);
      cache.put('live', 1, { ttl: Number.POSITIVE_INFINITY });
      cache.put('stale', 2);
      cache.get('stale'); // stale has the higher frequency
      clock.t = 1_100;
      cache.purgeExpired();
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['new', 'live']);
    });
  });

  describe('a full cache', () => {
    it('evicts the usual victim even when an expired entry sits elsewhere', () => {
      const { cache, clock } = onClock(2);
      cache.put('live', 1); // never expires, frequency 1
      cache.put('stale', 2, { ttl: 10 });
      cache.get('stale'); // frequency 2
      clock.t = 1_010; // stale has expired but has the higher frequency
      cache.put('new', 3);
      expect([cache.has('live'), cache.size]).toEqual([false, 2]);
      expect([...cache.keys()]).toEqual(['new']);
    });

    it('evicts an expired least frequent entry like any other', () => {
      const { cache, clock } = onClock(2);
      cache.put('stale', 1, { ttl: 10 });
      cache.put('live', 2);
      cache.get('live');
      clock.t = 1_010;
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['live', 'new']);
    });
  });

  describe('the clock', () => {
    it('going backwards makes nothing expire and revives nothing that was removed', () => {
      const { cache, clock } = onClock(3, 100);
      cache.put('a', 1); // expires at 1100
      clock.t = 500; // backwards
      expect(cache.get('a')).toBe(1);
      cache.put('b', 2); // t=500, expires at 600
      clock.t = 1_099;
      expect([cache.has('a'), cache.has('b')]).toEqual([true, false]);
      clock.t = 1_100;
      expect(cache.has('a')).toBe(false);
      clock.t = 0;
      expect([cache.has('a'), cache.has('b')]).toEqual([false, false]);
    });

    it('is never called when no entry has a finite TTL', () => {
      const now = vi.fn(() => 1_000);
      const cache = new LFUCache<string, number>(2, { now });
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.peek('b');
      cache.has('a');
      cache.frequencyOf('a');
      cache.put('c', 3);
      void [...cache.entries()];
      cache.purgeExpired();
      cache.delete('a');
      expect(now).not.toHaveBeenCalled();
    });

    it('defaults to Date.now', () => {
      vi.useFakeTimers({ now: 10_000 });
      try {
        const cache = new LFUCache<string, number>(2, { ttl: 100 });
        cache.put('a', 1);
        vi.setSystemTime(10_099);
        expect(cache.get('a')).toBe(1);
        vi.setSystemTime(10_100);
        expect(cache.get('a')).toBeUndefined();
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('bad TTLs', () => {
    const bad = [
      { ttl: 0, error: RangeError },
      { ttl: -1, error: RangeError },
      { ttl: Number.NaN, error: RangeError },
      { ttl: Number.NEGATIVE_INFINITY, error: RangeError },
      { ttl: '100', error: TypeError },
      { ttl: null, error: TypeError },
    ] as const;

    test.each(bad)('the ttl option $ttl throws a $error.name naming ttl', ({ ttl, error }) => {
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new LFUCache(2, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new LFUCache(2, { ttl })).toThrow(/ttl/);
    });

    test.each(bad)('put with ttl $ttl throws a $error.name naming ttl and stores nothing', ({ ttl, error }) => {
      const cache = new LFUCache<string, number>(2, { now: () => 0 });
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl })).toThrow(/ttl/);
      expect(cache.has('a')).toBe(false);
    });

    test.each(bad)('put with ttl $ttl on a full cache with an expired entry changes nothing', ({ ttl, error }) => {
      const clock = { t: 0 };
      const removed: string[] = [];
      const cache = new LFUCache<string, number>(2, {
        now: () => clock.t,
        onEvict: (key) => removed.push(key),
      });
      cache.put('stale', 1, { ttl: 10 });
      cache.put('live', 2);
      clock.t = 10; // stale has expired; the cache is full
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('stale', 3, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('new', 3, { ttl })).toThrow(error);
      expect([cache.size, removed]).toEqual([2, []]);
    });

    test.each(bad)('put with ttl $ttl on an existing key counts no use', ({ ttl, error }) => {
      const cache = new LFUCache<string, number>(2, { now: () => 0 });
      cache.put('a', 1);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 2, { ttl })).toThrow(error);
      expect([cache.frequencyOf('a'), cache.peek('a')]).toEqual([1, 1]);
    });

    test.each([{ now: 5 }, { now: 'Date.now' }, { now: null }])(
      'a now option of $now throws a TypeError naming now',
      ({ now }) => {
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new LFUCache(2, { now })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new LFUCache(2, { now })).toThrow(/now/);
      },
    );
  });

  it('agrees with the naive model on random sequences with a moving clock', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, 45, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity: 3, ttl: 30 }),
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
      ],
      maxSteps: 50,
    });
  });
});
