import fc from 'fast-check';
import { describe, expect, it, test, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { clockStep, deleteStep, getStep, hasStep, setStep, ttlSetup } from './model.ts';

const { TTLCache } = await loadKata<typeof import('../../katas/ttl-cache/index.ts')>('ttl-cache');

/** A cache on a fake clock that starts at t=1000. */
function onClock(ttl?: number) {
  const clock = { t: 1_000 };
  const now = () => clock.t;
  const cache = new TTLCache<string, number>(ttl === undefined ? { now } : { now, ttl });
  return { cache, clock };
}

const badTtls = [
  { ttl: 0, error: RangeError, type: 'number' },
  { ttl: -0, error: RangeError, type: 'number' },
  { ttl: -1, error: RangeError, type: 'number' },
  { ttl: -0.5, error: RangeError, type: 'number' },
  { ttl: Number.NaN, error: RangeError, type: 'number' },
  { ttl: Number.NEGATIVE_INFINITY, error: RangeError, type: 'number' },
  { ttl: '100', error: TypeError, type: 'string' },
  { ttl: null, error: TypeError, type: 'null' },
  { ttl: 100n, error: TypeError, type: 'bigint' },
  { ttl: {}, error: TypeError, type: 'object' },
] as const;

describe(level(1, 'Core: set and get with a TTL'), () => {
  describe('set and get', () => {
    it('returns undefined for a key never set', () => {
      expect(onClock().cache.get('missing')).toBeUndefined();
    });

    it('returns the value set for a key', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      expect(cache.get('a')).toBe(1);
    });

    it('set returns nothing (no chaining)', () => {
      expect(onClock().cache.set('a', 1)).toBeUndefined();
    });

    it('set on an existing key replaces the value', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      cache.set('a', 2);
      expect(cache.get('a')).toBe(2);
    });

    it('keeps separate keys separate, compared like Map keys', () => {
      const cache = new TTLCache<unknown, string>({ ttl: 100, now: () => 0 });
      const object = {};
      cache.set(1, 'number');
      cache.set('1', 'string');
      cache.set(Number.NaN, 'nan');
      cache.set(-0, 'zero');
      cache.set(object, 'object');
      cache.set('__proto__', 'proto');
      expect([cache.get(1), cache.get('1'), cache.get(Number.NaN), cache.get(0), cache.get(object)]).toEqual([
        'number',
        'string',
        'nan',
        'zero',
        'object',
      ]);
      expect([cache.get({}), cache.get('__proto__'), cache.get('constructor')]).toEqual([
        undefined,
        'proto',
        undefined,
      ]);
    });

    it('stores undefined as a value: has is true', () => {
      const cache = new TTLCache<string, undefined>({ ttl: 100, now: () => 0 });
      cache.set('a', undefined);
      expect([cache.has('a'), cache.get('a')]).toEqual([true, undefined]);
    });

    it('keeps separate caches separate', () => {
      const first = onClock(100).cache;
      const second = onClock(100).cache;
      first.set('a', 1);
      second.set('a', 2);
      expect([first.get('a'), second.get('a')]).toEqual([1, 2]);
    });
  });

  describe('has and delete', () => {
    it('has is true for a live entry and false for an absent one', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      expect([cache.has('a'), cache.has('b')]).toEqual([true, false]);
    });

    it('delete removes a live entry and returns true, then false', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      expect(cache.delete('a')).toBe(true);
      expect([cache.has('a'), cache.get('a'), cache.delete('a')]).toEqual([false, undefined, false]);
    });

    it('delete of a key never set returns false', () => {
      expect(onClock(100).cache.delete('nope')).toBe(false);
    });

    it('delete of an expired key returns false', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_100; // t=1100: expired
      expect(cache.delete('a')).toBe(false);
    });

    it('a deleted key can be set again', () => {
      const { cache } = onClock(100);
      cache.set('a', 1);
      cache.delete('a');
      cache.set('a', 2);
      expect(cache.get('a')).toBe(2);
    });
  });

  describe('the expiry instant: expired from exactly t + ttl on', () => {
    test.each([
      { at: 1_000, live: true, when: 'at the instant it was set' },
      { at: 1_099, live: true, when: 'one millisecond before t + ttl' },
      { at: 1_099.999, live: true, when: 'a microsecond before t + ttl' },
      { at: 1_100, live: false, when: 'exactly at t + ttl' },
      { at: 1_101, live: false, when: 'after t + ttl' },
      { at: 1e12, live: false, when: 'long after' },
    ])('an entry set at t=1000 with ttl 100 is live=$live $when', ({ at, live }) => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // t=1000, expires at 1100
      clock.t = at;
      expect([cache.get('a'), cache.has('a')]).toEqual([live ? 1 : undefined, live]);
    });

    test.each([
      { ttl: 0.5, at: 1_000.25, live: true },
      { ttl: 0.5, at: 1_000.5, live: false },
      { ttl: 1, at: 1_000, live: true },
      { ttl: 1, at: 1_001, live: false },
      { ttl: 1e9, at: 1e9 + 999, live: true },
      { ttl: 1e9, at: 1e9 + 1_000, live: false },
    ])('a per-entry ttl $ttl is live=$live at t=$at', ({ ttl, at, live }) => {
      const { cache, clock } = onClock();
      cache.set('a', 1, { ttl });
      clock.t = at;
      expect(cache.has('a')).toBe(live);
    });
  });

  describe('default and per-entry TTL', () => {
    it('entries never expire without any TTL', () => {
      const { cache, clock } = onClock();
      cache.set('a', 1);
      clock.t = Number.MAX_SAFE_INTEGER;
      expect(cache.get('a')).toBe(1);
    });

    it('a default ttl of Infinity never expires', () => {
      const { cache, clock } = onClock(Number.POSITIVE_INFINITY);
      cache.set('a', 1);
      clock.t = 1e300;
      expect(cache.get('a')).toBe(1);
    });

    it('a per-entry ttl overrides the default, shorter or longer', () => {
      const { cache, clock } = onClock(100);
      cache.set('short', 1, { ttl: 10 });
      cache.set('default', 2);
      cache.set('long', 3, { ttl: 500 });
      clock.t = 1_010; // t=1010
      expect([cache.has('short'), cache.has('default'), cache.has('long')]).toEqual([false, true, true]);
      clock.t = 1_100; // t=1100
      expect([cache.has('default'), cache.has('long')]).toEqual([false, true]);
      clock.t = 1_500; // t=1500
      expect(cache.has('long')).toBe(false);
    });

    it('a per-entry ttl of Infinity never expires, even with a default', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1e15;
      expect(cache.get('a')).toBe(1);
    });

    it('a per-entry ttl gives an expiry to an entry of a cache without a default', () => {
      const { cache, clock } = onClock();
      cache.set('a', 1, { ttl: 5 });
      clock.t = 1_005;
      expect(cache.get('a')).toBeUndefined();
    });

    it('options given as undefined count as not given', () => {
      const { cache, clock } = onClock(100);
      // @ts-expect-error: undefined ttl, as JavaScript callers pass it
      cache.set('a', 1, { ttl: undefined });
      clock.t = 1_099;
      expect(cache.has('a')).toBe(true);
      clock.t = 1_100;
      expect(cache.has('a')).toBe(false);
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const plain = new TTLCache<string, number>({ ttl: undefined, now: undefined });
      plain.set('a', 1);
      expect(plain.get('a')).toBe(1);
    });

    it('set on an existing key restarts its TTL from now', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // t=1000, expires 1100
      clock.t = 1_090;
      cache.set('a', 2); // t=1090, expires 1190
      clock.t = 1_189;
      expect(cache.get('a')).toBe(2);
      clock.t = 1_190;
      expect(cache.get('a')).toBeUndefined();
    });

    it('set on an existing key with a shorter ttl shortens its life', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('a', 1, { ttl: 10 }); // t=1000, now expires at 1010
      clock.t = 1_010;
      expect(cache.has('a')).toBe(false);
    });

    it('set on an expiring key with ttl Infinity makes it permanent', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      cache.set('a', 2, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1e9;
      expect(cache.get('a')).toBe(2);
    });

    it('set on a permanent key with a finite ttl makes it expire', () => {
      const { cache, clock } = onClock();
      cache.set('a', 1);
      cache.set('a', 2, { ttl: 10 });
      clock.t = 1_010;
      expect(cache.get('a')).toBeUndefined();
    });

    it('set on an expired key stores it afresh with a new TTL', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_100; // expired
      cache.set('a', 2); // expires at 1200
      clock.t = 1_199;
      expect(cache.get('a')).toBe(2);
    });

    it('get does not extend the TTL (no sliding expiry)', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1);
      clock.t = 1_099;
      expect(cache.get('a')).toBe(1);
      expect(cache.has('a')).toBe(true);
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });
  });

  describe('the clock', () => {
    it('going backwards makes nothing expire and revives nothing that was removed', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // expires at 1100
      clock.t = 500; // backwards
      expect(cache.get('a')).toBe(1);
      cache.set('b', 2); // t=500, expires at 600
      clock.t = 1_099;
      expect([cache.has('a'), cache.has('b')]).toEqual([true, false]); // b removed
      clock.t = 1_100;
      expect(cache.has('a')).toBe(false); // a removed
      clock.t = 0; // backwards again: both were removed, neither comes back
      expect([cache.has('a'), cache.has('b')]).toEqual([false, false]);
    });

    it('an expired entry nothing has removed is live again if the clock goes back before its expiry', () => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // expires at 1100
      clock.t = 1_200;
      clock.t = 1_050; // nothing asked about 'a' at t=1200
      expect(cache.get('a')).toBe(1);
    });

    it('an entry set while the clock is behind expires relative to that reading', () => {
      const { cache, clock } = onClock(100);
      clock.t = 10;
      cache.set('a', 1); // expires at 110
      clock.t = 109;
      expect(cache.has('a')).toBe(true);
      clock.t = 110;
      expect(cache.has('a')).toBe(false);
    });

    it('is never called when no entry has a finite TTL', () => {
      const now = vi.fn(() => 1_000);
      const cache = new TTLCache<string, number>({ now });
      cache.set('a', 1);
      cache.set('b', 2, { ttl: Number.POSITIVE_INFINITY });
      cache.set('a', 3);
      cache.get('a');
      cache.has('b');
      cache.delete('a');
      cache.get('missing');
      expect(now).not.toHaveBeenCalled();
    });

    it('defaults to Date.now', () => {
      vi.useFakeTimers({ now: 10_000 });
      try {
        const cache = new TTLCache<string, number>({ ttl: 100 });
        cache.set('a', 1);
        vi.setSystemTime(10_099);
        expect(cache.get('a')).toBe(1);
        vi.setSystemTime(10_100);
        expect(cache.get('a')).toBeUndefined();
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('bad input', () => {
    test.each(badTtls)('the ttl option $ttl throws a $error.name naming ttl and the value', ({ ttl, error, type }) => {
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new TTLCache({ ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new TTLCache({ ttl })).toThrow(/`ttl`.*positive number of milliseconds or Infinity/);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new TTLCache({ ttl })).toThrow(`(${type})`);
    });

    test.each(badTtls)('set with ttl $ttl throws a $error.name naming ttl and stores nothing', ({ ttl, error }) => {
      const { cache } = onClock(100);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.set('a', 1, { ttl })).toThrow(error);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.set('a', 1, { ttl })).toThrow(/`ttl`/);
      expect(cache.has('a')).toBe(false);
    });

    test.each(badTtls)('set with ttl $ttl on an existing key keeps the old value and expiry', ({ ttl, error }) => {
      const { cache, clock } = onClock(100);
      cache.set('a', 1); // expires at 1100
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.set('a', 2, { ttl })).toThrow(error);
      clock.t = 1_099;
      expect(cache.get('a')).toBe(1);
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });

    test.each([
      { ttl: 0, shown: '`0` (number)' },
      { ttl: -1, shown: '`-1` (number)' },
      { ttl: Number.NaN, shown: '`NaN` (number)' },
      { ttl: '100', shown: "`'100'` (string)" },
    ])('the message shows the value and type got: $shown', ({ ttl, shown }) => {
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => new TTLCache({ ttl })).toThrow(`got ${shown}`);
    });

    test.each([{ now: 5 }, { now: 'Date.now' }, { now: null }, { now: {} }])(
      'a now option of $now throws a TypeError naming now',
      ({ now }) => {
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new TTLCache({ now })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new TTLCache({ now })).toThrow(/Expected `now` to be a function/);
      },
    );
  });

  it('agrees with a list model on random set/get/has/delete sequences with a moving clock', () => {
    const ttls = fc.option(fc.constantFrom(1, 5, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => ttlSetup(TTLCache, { ttl: 10 }),
      // The clock only moves forwards here: going backwards would reveal which expired entries a sweep (level 3)
      // has removed already.
      steps: [setStep(ttls), getStep, hasStep, deleteStep, clockStep(fc.integer({ min: 1, max: 15 }))],
      maxSteps: 50,
    });
  });
});
