/**
 * Level 3 of the LRU, LFU and FIFO katas, the part their contracts share: when an entry expires, default and
 * per-entry TTLs, what reads and iteration do with expired entries, `purgeExpired`, the clock, and bad TTLs. Each
 * kata's `l3-ttl.spec.ts` calls `ttlContract` inside its level suite and keeps the tests that depend on its policy
 * (which entry a full cache evicts, where a re-inserted key goes, LFU's frequencies) and its own model run.
 */
import { describe, expect, it, test, vi } from 'vitest';
import type { CacheClass, KataCache } from './cache.ts';

/** A cache on a fake clock that starts at t=1000. */
export function onClock<C extends KataCache<string, number>>(Cache: CacheClass<C>, capacity: number, ttl?: number) {
  const clock = { t: 1_000 };
  const now = () => clock.t;
  const cache = new Cache(capacity, ttl === undefined ? { now } : { now, ttl });
  return { cache, clock };
}

/** TTLs every cache must refuse, with the error class it throws. */
export const badTtls = [
  { ttl: 0, error: RangeError },
  { ttl: -1, error: RangeError },
  { ttl: Number.NaN, error: RangeError },
  { ttl: Number.NEGATIVE_INFINITY, error: RangeError },
  { ttl: '100', error: TypeError },
  { ttl: null, error: TypeError },
] as const;

/** A read method that a kata has beyond get, peek and has (LFU's `frequencyOf`). */
export interface KataRead<C> {
  readonly name: string;
  readonly read: (cache: C, key: string) => unknown;
  /** What it returns for a key the cache does not hold. */
  readonly missing: unknown;
}

export interface TtlKata<C extends KataCache<string, number>> {
  /** The kata's cache class. */
  readonly Cache: CacheClass<C>;
  /**
   * Where a key put again after it expired goes, in the title "put on an expired key inserts it afresh as
   * <newestAs>, with a new TTL" (it then comes first in iteration). Left out by a kata that places it otherwise
   * (LFU: by frequency), which tests that itself.
   */
  readonly newestAs?: string;
  /** Read methods beyond get, peek and has: expired entries must be invisible to them too, and they read no clock. */
  readonly moreReads?: readonly KataRead<C>[];
}

/** "get, peek or has", or with the kata's own reads: "get, peek, has or frequencyOf". */
function listOfReads(names: readonly string[]): string {
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** Declares the shared level-3 tests; call it inside the kata's `describe(level(3, …))`. */
export function ttlContract<C extends KataCache<string, number>>({ Cache, newestAs, moreReads = [] }: TtlKata<C>) {
  describe('the expiry instant', () => {
    test.each([
      { at: 1_099, live: true, when: 'one millisecond before t + ttl' },
      { at: 1_100, live: false, when: 'exactly at t + ttl' },
      { at: 1_101, live: false, when: 'after t + ttl' },
    ])('an entry put at t=1000 with ttl 100 is live=$live $when', ({ at, live }) => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1); // t=1000, expires at 1100
      clock.t = at;
      expect(cache.get('a')).toBe(live ? 1 : undefined);
    });

    test.each([
      { ttl: 0.5, at: 1_000.4, live: true },
      { ttl: 0.5, at: 1_000.5, live: false },
      { ttl: 1e9, at: 1e9 + 999, live: true },
    ])('fractional and large TTLs: ttl $ttl is live=$live at t=$at', ({ ttl, at, live }) => {
      const { cache, clock } = onClock(Cache, 2);
      cache.put('a', 1, { ttl });
      clock.t = at;
      expect(cache.has('a')).toBe(live);
    });
  });

  describe('default and per-entry TTL', () => {
    it('entries never expire without a TTL', () => {
      const { cache, clock } = onClock(Cache, 2);
      cache.put('a', 1);
      clock.t = Number.MAX_SAFE_INTEGER;
      expect(cache.get('a')).toBe(1);
    });

    it('a per-entry ttl overrides the default, shorter or longer', () => {
      const { cache, clock } = onClock(Cache, 3, 100);
      cache.put('short', 1, { ttl: 10 });
      cache.put('default', 2);
      cache.put('long', 3, { ttl: 500 });
      clock.t = 1_050; // t=1050
      expect([cache.has('short'), cache.has('default'), cache.has('long')]).toEqual([false, true, true]);
      clock.t = 1_200; // t=1200
      expect([cache.has('default'), cache.has('long')]).toEqual([false, true]);
    });

    it('a per-entry ttl of Infinity never expires, even with a default', () => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1e15;
      expect(cache.get('a')).toBe(1);
    });

    it('put on an existing key restarts its TTL', () => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1); // t=1000, expires 1100
      clock.t = 1_090;
      cache.put('a', 2); // t=1090, expires 1190
      clock.t = 1_150;
      expect(cache.get('a')).toBe(2);
    });

    it('put on an existing key with its own ttl replaces the old expiry', () => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1);
      cache.put('a', 1, { ttl: 10 }); // t=1000, now expires at 1010
      clock.t = 1_010;
      expect(cache.has('a')).toBe(false);
    });

    it('get does not extend the TTL (no sliding expiry)', () => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1);
      clock.t = 1_099;
      expect(cache.get('a')).toBe(1);
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });
  });

  describe('expired entries', () => {
    it(`are not returned by ${listOfReads(['get', 'peek', 'has', ...moreReads.map((r) => r.name)])}, nor yielded by iteration`, () => {
      const { cache, clock } = onClock(Cache, 3, 100);
      cache.put('old', 1);
      clock.t = 1_050;
      cache.put('new', 2);
      clock.t = 1_100; // old expires now
      expect([...cache.keys()]).toEqual(['new']);
      expect([...cache.entries()]).toEqual([['new', 2]]);
      // The kata's own reads (LFU: frequencyOf) come first.
      expect([
        ...moreReads.map((r) => r.read(cache, 'old')),
        cache.peek('old'),
        cache.has('old'),
        cache.get('old'),
      ]).toEqual([...moreReads.map((r) => r.missing), undefined, false, undefined]);
    });

    test.each([
      { touch: 'get', act: (cache: C) => cache.get('a') },
      { touch: 'peek', act: (cache: C) => cache.peek('a') },
      { touch: 'has', act: (cache: C) => cache.has('a') },
      ...moreReads.map((r) => ({ touch: r.name, act: (cache: C) => r.read(cache, 'a') })),
    ])('are removed when $touch touches them (size drops)', ({ act }) => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1);
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_100;
      expect(cache.size).toBe(2); // not touched yet: still held
      act(cache);
      expect(cache.size).toBe(1);
    });

    it('delete of an expired key returns false and removes it', () => {
      const { cache, clock } = onClock(Cache, 2, 100);
      cache.put('a', 1);
      clock.t = 1_100;
      expect(cache.delete('a')).toBe(false);
      expect(cache.size).toBe(0);
    });

    if (newestAs !== undefined) {
      it(`put on an expired key inserts it afresh as ${newestAs}, with a new TTL`, () => {
        const { cache, clock } = onClock(Cache, 2, 100);
        cache.put('a', 1);
        cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
        clock.t = 1_100; // a expired
        cache.put('a', 3); // expires at 1200
        expect([...cache.entries()]).toEqual([
          ['a', 3],
          ['b', 2],
        ]);
        clock.t = 1_199;
        expect(cache.get('a')).toBe(3);
      });
    }

    it('count in size until something removes them', () => {
      const { cache, clock } = onClock(Cache, 3, 100);
      cache.put('a', 1);
      cache.put('b', 2);
      clock.t = 2_000;
      expect(cache.size).toBe(2);
    });
  });

  it('iteration skips expired entries without removing them', () => {
    const { cache, clock } = onClock(Cache, 3, 100);
    cache.put('a', 1);
    cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
    clock.t = 1_100;
    expect([...cache.keys()]).toEqual(['b']);
    expect([...cache.entries()]).toEqual([['b', 2]]);
    expect(cache.size).toBe(2);
  });

  describe('purgeExpired', () => {
    it('removes every expired entry, keeps live ones in order, and returns the count', () => {
      const { cache, clock } = onClock(Cache, 5, 100);
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
      expect(onClock(Cache, 2, 100).cache.purgeExpired()).toBe(0);
    });
  });

  describe('the clock', () => {
    it('going backwards makes nothing expire and revives nothing that was removed', () => {
      const { cache, clock } = onClock(Cache, 3, 100);
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
      const cache = new Cache(2, { now });
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.peek('b');
      cache.has('a');
      for (const r of moreReads) r.read(cache, 'a');
      cache.put('c', 3);
      void [...cache.entries()];
      cache.purgeExpired();
      cache.delete('a');
      expect(now).not.toHaveBeenCalled();
    });

    it('defaults to Date.now', () => {
      vi.useFakeTimers({ now: 10_000 });
      try {
        const cache = new Cache(2, { ttl: 100 });
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
    test.each(badTtls)('the ttl option $ttl throws a $error.name naming ttl', ({ ttl, error }) => {
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new Cache(2, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new Cache(2, { ttl })).toThrow(/ttl/);
    });

    test.each(badTtls)('put with ttl $ttl throws a $error.name naming ttl and stores nothing', ({ ttl, error }) => {
      const cache = new Cache(2, { now: () => 0 });
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl })).toThrow(/ttl/);
      expect(cache.has('a')).toBe(false);
    });

    test.each(badTtls)('put with ttl $ttl on a full cache with an expired entry changes nothing', ({ ttl, error }) => {
      const clock = { t: 0 };
      const removed: string[] = [];
      const cache = new Cache(2, {
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

    test.each([{ now: 5 }, { now: 'Date.now' }, { now: null }])(
      'a now option of $now throws a TypeError naming now',
      ({ now }) => {
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new Cache(2, { now })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new Cache(2, { now })).toThrow(/now/);
      },
    );
  });
}
