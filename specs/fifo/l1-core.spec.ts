import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { fifoSetup, getStep, putStep } from './model.ts';

const { FIFOCache } = await loadKata<typeof import('../../katas/fifo/index.ts')>('fifo');

/** Whether each key is present, read with `get` in the order given (note: `get` refreshes). */
function present(cache: { get(key: number): unknown }, keys: readonly number[]): boolean[] {
  return keys.map((key) => cache.get(key) !== undefined);
}

describe(level(1, 'Core: get and put'), () => {
  describe('constructor', () => {
    test.each([1, 2, 3, 1_000, Number.MAX_SAFE_INTEGER])('accepts capacity %d and reports it', (capacity) => {
      expect(new FIFOCache(capacity).capacity).toBe(capacity);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53])(
      'rejects capacity %s with a RangeError naming capacity and the value',
      (capacity) => {
        expect(() => new FIFOCache(capacity)).toThrow(RangeError);
        expect(() => new FIFOCache(capacity)).toThrow(/capacity/);
        expect(() => new FIFOCache(capacity)).toThrow(String(capacity));
      },
    );

    test.each([
      ['the string "3"', '3', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['the bigint 3n', 3n, 'bigint'],
      ['an object', {}, 'object'],
      ['an array', [2], 'object'],
    ])('rejects %s (not a number) with a TypeError naming capacity and the type got', (_label, capacity, type) => {
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new FIFOCache(capacity)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new FIFOCache(capacity)).toThrow(/capacity/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new FIFOCache(capacity)).toThrow(type);
    });

    it('names the value in the message, e.g. `0` (number)', () => {
      expect(() => new FIFOCache(0)).toThrow('Expected `capacity` to be a positive integer, got `0` (number)');
    });

    it('treats options given as undefined as not given', () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const cache = new FIFOCache<string, number>(1, { ttl: undefined, now: undefined, onEvict: undefined });
      cache.put('a', 1);
      cache.put('b', 2);
      expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 2]);
    });

    it('allocates memory for the entries held, not for the capacity', () => {
      const cache = new FIFOCache<string, number>(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < 1_000; i++) cache.put(String(i), i);
      expect([cache.get('0'), cache.get('999')]).toEqual([0, 999]);
    });
  });

  describe('get', () => {
    it('returns undefined for a key never put', () => {
      const cache = new FIFOCache<string, number>(2);
      expect(cache.get('missing')).toBeUndefined();
    });

    it('returns the value put for a key', () => {
      const cache = new FIFOCache<string, number>(2);
      cache.put('a', 1);
      expect(cache.get('a')).toBe(1);
    });

    it('returns the same value on repeated gets', () => {
      const cache = new FIFOCache<string, number>(2);
      cache.put('a', 1);
      expect([cache.get('a'), cache.get('a'), cache.get('a')]).toEqual([1, 1, 1]);
    });

    it('does not save a key from eviction: the oldest insertion goes even right after a hit (unlike LRU)', () => {
      const cache = new FIFOCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.get(1); // a hit: 1 is still the oldest insertion
      cache.put(3, 'three'); // evicts 1 (an LRU would evict 2)
      expect(present(cache, [1, 2, 3])).toEqual([false, true, true]);
    });

    it('does not save a key however often it is read', () => {
      const cache = new FIFOCache<number, string>(3);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(3, 'three');
      for (let i = 0; i < 10; i++) cache.get(1);
      cache.put(4, 'four'); // evicts 1
      cache.put(5, 'five'); // evicts 2
      expect(present(cache, [1, 2, 3, 4, 5])).toEqual([false, false, true, true, true]);
    });

    it('does not change anything on a miss', () => {
      const cache = new FIFOCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      expect(cache.get(9)).toBeUndefined();
      cache.put(3, 'three'); // 1 is still the oldest
      expect(present(cache, [1, 2, 3])).toEqual([false, true, true]);
    });
  });

  describe('put', () => {
    it('returns nothing (no chaining)', () => {
      const cache = new FIFOCache<string, number>(2);
      expect(cache.put('a', 1)).toBeUndefined();
    });

    it('replaces the value of an existing key', () => {
      const cache = new FIFOCache<string, number>(2);
      cache.put('a', 1);
      cache.put('a', 2);
      expect(cache.get('a')).toBe(2);
    });

    it('does not evict anything when it updates an existing key of a full cache', () => {
      const cache = new FIFOCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(2, 'TWO');
      expect([cache.get(1), cache.get(2)]).toEqual(['one', 'TWO']);
    });

    it('keeps the original position of an updated key: it is evicted when its first insertion comes due', () => {
      const cache = new FIFOCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(1, 'ONE'); // update: 1 stays the oldest insertion
      cache.put(3, 'three'); // evicts 1 (an LRU, or a FIFO that re-inserts on update, would evict 2)
      expect(present(cache, [1, 2, 3])).toEqual([false, true, true]);
    });

    it('keeps the position of a key updated many times, with the last value until it goes', () => {
      const cache = new FIFOCache<number, string>(3);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(3, 'three');
      cache.put(2, 'TWO');
      cache.put(2, 'deux');
      cache.put(4, 'four'); // evicts 1
      expect(cache.get(2)).toBe('deux');
      cache.put(5, 'five'); // evicts 2, inserted second
      expect(present(cache, [1, 2, 3, 4, 5])).toEqual([false, false, true, true, true]);
    });

    it('holds exactly `capacity` entries before it evicts anything', () => {
      const cache = new FIFOCache<number, number>(3);
      for (const key of [1, 2, 3]) cache.put(key, key * 10);
      expect([cache.get(1), cache.get(2), cache.get(3)]).toEqual([10, 20, 30]);
    });

    it('evicts the oldest insertion when a new key arrives in a full cache', () => {
      const cache = new FIFOCache<number, number>(3);
      for (const key of [1, 2, 3, 4]) cache.put(key, key);
      expect(present(cache, [1, 2, 3, 4])).toEqual([false, true, true, true]);
    });

    it('evicts exactly one entry per new key, in insertion order', () => {
      const cache = new FIFOCache<number, number>(3);
      for (const key of [1, 2, 3, 4, 5]) cache.put(key, key);
      expect(present(cache, [1, 2, 3, 4, 5])).toEqual([false, false, true, true, true]);
    });

    it('puts an evicted key back as a new, newest key', () => {
      const cache = new FIFOCache<number, number>(2);
      cache.put(1, 1);
      cache.put(2, 2);
      cache.put(3, 3); // evicts 1
      cache.put(1, 10); // evicts 2; 1 is now the newest
      cache.put(4, 4); // evicts 3
      expect(present(cache, [2, 3, 1, 4])).toEqual([false, false, true, true]);
    });

    it('does not bring an evicted key back', () => {
      const cache = new FIFOCache<number, number>(1);
      cache.put(1, 1);
      cache.put(2, 2);
      expect(cache.get(1)).toBeUndefined();
      expect(cache.get(1)).toBeUndefined();
    });
  });

  describe('FIFO and LRU disagree', () => {
    test.each([
      { touch: 'a get', act: (cache: InstanceType<typeof FIFOCache<number, string>>) => void cache.get(1) },
      { touch: 'an update', act: (cache: InstanceType<typeof FIFOCache<number, string>>) => cache.put(1, 'ONE') },
      {
        touch: 'a get and an update',
        act: (cache: InstanceType<typeof FIFOCache<number, string>>) => {
          cache.get(1);
          cache.put(1, 'uno');
        },
      },
    ])('after $touch of the oldest key, it is still the one evicted', ({ act }) => {
      const cache = new FIFOCache<number, string>(3);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(3, 'three');
      act(cache);
      cache.put(4, 'four');
      expect(present(cache, [1, 2, 3, 4])).toEqual([false, true, true, true]);
    });
  });

  describe.each([1, 2, 3, 50])('with capacity %i', (capacity) => {
    it('keeps the last `capacity` of capacity + 1 distinct keys', () => {
      const cache = new FIFOCache<number, number>(capacity);
      for (let key = 0; key <= capacity; key++) cache.put(key, key);
      const kept = Array.from({ length: capacity + 1 }, (_, key) => cache.get(key) !== undefined);
      expect(kept).toEqual([false, ...Array<boolean>(capacity).fill(true)]);
    });

    it('never evicts a key that is updated again and again', () => {
      const cache = new FIFOCache<number, number>(capacity);
      for (let round = 0; round < 3 * capacity; round++) cache.put(-1, round);
      expect(cache.get(-1)).toBe(3 * capacity - 1);
    });
  });

  it('passes the README example', () => {
    const cache = new FIFOCache<number, string>(2);
    cache.put(1, 'one');
    cache.put(2, 'two');
    expect(cache.get(1)).toBe('one');
    cache.put(1, 'uno');
    cache.put(3, 'three');
    expect(cache.get(1)).toBeUndefined();
    expect([cache.get(2), cache.get(3)]).toEqual(['two', 'three']);
  });

  it('keeps separate caches separate', () => {
    const first = new FIFOCache<string, number>(1);
    const second = new FIFOCache<string, number>(1);
    first.put('a', 1);
    second.put('a', 2);
    expect([first.get('a'), second.get('a')]).toEqual([1, 2]);
  });

  it('agrees with an insertion-order model on random get/put sequences', () => {
    checkAgainstModel({
      setup: () => fifoSetup(FIFOCache, { capacity: 3 }),
      steps: [getStep, putStep()],
    });
  });

  it.each([1, 2, 4])('agrees with the model at capacity %i', (capacity) => {
    checkAgainstModel({
      setup: () => fifoSetup(FIFOCache, { capacity }),
      steps: [getStep, putStep()],
      numRuns: 60,
    });
  });

  it('keeps get and put O(1): the cost per operation does not grow with the size', () => {
    expectFlatCost({
      label: 'get/put on a full cache (3 hot gets, 1 new key per 4 operations)',
      create: (n) => ({ cache: new FIFOCache<number, number>(n), next: 0 }),
      fill: (state, i) => {
        state.cache.put(i, i);
        state.next = i + 1;
      },
      operation: (state, i) => {
        if ((i & 3) === 3) {
          state.cache.put(state.next, i); // a new key: evicts the oldest insertion
          state.next++;
        } else {
          const key = state.next - 1 - (i & 63); // a hot key, recently put
          if (state.cache.get(key) === undefined) state.cache.put(key, i);
        }
      },
    });
    // A hang guard for a busy machine, not a speed limit: the growth check measures ratios, not time.
  }, 10_000);

  it('keeps eviction O(1): a stream of new keys into a full cache costs the same per key at any size', () => {
    expectFlatCost({
      label: 'put of a new key into a full cache (every operation evicts the oldest)',
      create: (n) => ({ cache: new FIFOCache<number, number>(n), next: 0 }),
      fill: (state, i) => {
        state.cache.put(i, i);
        state.next = i + 1;
      },
      operation: (state, i) => {
        state.cache.put(state.next, i);
        state.next++;
      },
    });
    // A hang guard for a busy machine, not a speed limit: the growth check measures ratios, not time.
  }, 10_000);
});
