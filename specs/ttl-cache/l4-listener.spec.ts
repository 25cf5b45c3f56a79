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
  sweepStep,
  ttlSetup,
} from './model.ts';

const { TTLCache } = await loadKata<typeof import('../../katas/ttl-cache/index.ts')>('ttl-cache');

type Cache = InstanceType<typeof TTLCache<string, number>>;

/** A cache on a fake clock (t=0) with default ttl 10 that records every expiry notification. */
function recorded(sweepBatch?: number) {
  const clock = { t: 0 };
  const expired: [string, number][] = [];
  const cache = new TTLCache<string, number>({
    now: () => clock.t,
    ttl: 10,
    onExpire: (key, value) => expired.push([key, value]),
    ...(sweepBatch === undefined ? {} : { sweepBatch }),
  });
  return { cache, clock, expired };
}

describe(level(4, 'Expiry listener'), () => {
  describe('what is reported', () => {
    test.each([
      { touch: 'get', act: (cache: Cache) => cache.get('a') },
      { touch: 'has', act: (cache: Cache) => cache.has('a') },
      { touch: 'delete', act: (cache: Cache) => cache.delete('a') },
      { touch: 'remainingTtl', act: (cache: Cache) => cache.remainingTtl('a') },
      { touch: 'set', act: (cache: Cache) => cache.set('a', 2) },
      { touch: 'sweep', act: (cache: Cache) => cache.sweep() },
    ])('an expired entry removed by $touch, with its key and value, once', ({ act }) => {
      const { cache, clock, expired } = recorded();
      cache.set('a', 1);
      clock.t = 10;
      act(cache);
      act(cache);
      expect(expired).toEqual([['a', 1]]);
    });

    it('an expired entry swept by a set of another key', () => {
      const { cache, clock, expired } = recorded();
      cache.set('a', 1);
      clock.t = 10;
      cache.set('b', 2);
      expect(expired).toEqual([['a', 1]]);
    });

    it('nothing for delete of a live entry, clear, or a value replaced by set', () => {
      const { cache, clock, expired } = recorded();
      cache.set('a', 1);
      cache.set('a', 2);
      cache.set('b', 3);
      cache.delete('a');
      cache.set('c', 4);
      clock.t = 10; // b and c expired, but clear removes them
      cache.clear();
      expect(expired).toEqual([]);
    });

    it('nothing for an entry that has expired but is never touched or swept', () => {
      const { cache, clock, expired } = recorded(0);
      cache.set('a', 1);
      clock.t = 100;
      expect([cache.size, [...cache.keys()], expired]).toEqual([1, [], []]);
    });

    it('nothing for a touch of a live entry', () => {
      const { cache, clock, expired } = recorded();
      cache.set('a', 1);
      clock.t = 9;
      cache.get('a');
      cache.has('a');
      cache.remainingTtl('a');
      cache.sweep();
      expect(expired).toEqual([]);
    });
  });

  describe('order', () => {
    it('a sweep reports earliest expiry first, then the earlier set', () => {
      const { cache, clock, expired } = recorded();
      cache.set('c', 3, { ttl: 30 });
      cache.set('a', 1, { ttl: 5 });
      cache.set('b1', 2); // expires at 10
      cache.set('b2', 4); // expires at 10, set later
      clock.t = 30;
      cache.sweep(Number.POSITIVE_INFINITY);
      expect(expired).toEqual([
        ['a', 1],
        ['b1', 2],
        ['b2', 4],
        ['c', 3],
      ]);
    });

    it('set reports its own key first, then what its sweep removed', () => {
      const { cache, clock, expired } = recorded(2);
      cache.set('x', 1, { ttl: 3 });
      cache.set('y', 2, { ttl: 4 });
      cache.set('z', 3, { ttl: 5 });
      clock.t = 5;
      cache.set('z', 9);
      expect(expired).toEqual([
        ['z', 3],
        ['x', 1],
        ['y', 2],
      ]);
    });
  });

  describe('the listener runs after the operation', () => {
    it('sees the entry gone already', () => {
      const clock = { t: 0 };
      const seen: unknown[] = [];
      const cache: Cache = new TTLCache<string, number>({
        now: () => clock.t,
        ttl: 10,
        onExpire: (key) => seen.push([cache.size, cache.has(key)]),
      });
      cache.set('a', 1);
      cache.set('b', 2, { ttl: 100 });
      clock.t = 10;
      cache.get('a');
      expect(seen).toEqual([[1, false]]);
    });

    it('may set the key again, and the new entry stays', () => {
      const clock = { t: 0 };
      const cache: Cache = new TTLCache<string, number>({
        now: () => clock.t,
        ttl: 10,
        onExpire: (key, value) => cache.set(key, value + 1),
      });
      cache.set('a', 1);
      clock.t = 10;
      expect(cache.get('a')).toBeUndefined(); // the value at the time of the call
      expect(cache.get('a')).toBe(2);
      clock.t = 19;
      expect(cache.remainingTtl('a')).toBe(1);
    });

    it('after set, sees the new entry stored', () => {
      const clock = { t: 0 };
      const seen: unknown[] = [];
      const cache: Cache = new TTLCache<string, number>({
        now: () => clock.t,
        ttl: 10,
        onExpire: () => seen.push(cache.get('new')),
      });
      cache.set('old', 1);
      clock.t = 10;
      cache.set('new', 2);
      expect(seen).toEqual([2]);
    });
  });

  describe('listener errors', () => {
    it('every notification is delivered, then the first error is rethrown', () => {
      const clock = { t: 0 };
      const calls: string[] = [];
      const cache = new TTLCache<string, number>({
        now: () => clock.t,
        ttl: 10,
        onExpire: (key) => {
          calls.push(key);
          throw new Error(`boom ${key}`);
        },
      });
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
      clock.t = 10;
      expect(() => cache.sweep(Number.POSITIVE_INFINITY)).toThrow('boom a');
      expect([calls, cache.size]).toEqual([['a', 'b', 'c'], 0]);
    });

    it('a throwing listener leaves the set done', () => {
      const clock = { t: 0 };
      const cache = new TTLCache<string, number>({
        now: () => clock.t,
        ttl: 10,
        onExpire: () => {
          throw new Error('listener');
        },
      });
      cache.set('a', 1);
      clock.t = 10;
      expect(() => cache.set('a', 2)).toThrow('listener');
      expect(cache.get('a')).toBe(2);
    });
  });

  describe('bad input', () => {
    test.each([{ onExpire: 5 }, { onExpire: 'log' }, { onExpire: null }, { onExpire: {} }])(
      'an onExpire option of $onExpire throws a TypeError naming onExpire',
      ({ onExpire }) => {
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new TTLCache({ onExpire })).toThrow(TypeError);
        // @ts-expect-error: wrongly typed on purpose
        expect(() => new TTLCache({ onExpire })).toThrow(/Expected `onExpire` to be a function/);
      },
    );

    it('an onExpire option given as undefined counts as not given', () => {
      // @ts-expect-error: undefined, as JavaScript callers pass it
      const cache = new TTLCache<string, number>({ onExpire: undefined, ttl: 10, now: () => 0 });
      cache.set('a', 1);
      expect(cache.get('a')).toBe(1);
    });
  });

  it('agrees with the list model, notifications included, on random sequences', () => {
    const ttls = fc.option(fc.constantFrom(1, 5, 10, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => ttlSetup(TTLCache, { ttl: 10, sweepBatch: 2, listener: true }),
      steps: [
        setStep(ttls),
        getStep,
        hasStep,
        deleteStep,
        remainingStep,
        sweepStep,
        clearStep,
        inspectStep,
        clockStep(fc.integer({ min: -12, max: 15 })),
      ],
      maxSteps: 60,
    });
  });
});
