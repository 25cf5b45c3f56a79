import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { clearStep, deleteStep, fifoSetup, getStep, hasStep, inspectStep, peekStep, putStep } from './model.ts';

const { FIFOCache } = await loadKata<typeof import('../../katas/fifo/index.ts')>('fifo');

/** A cache of capacity 3 holding 1, 2, 3, put in that order (so 3 is the newest and 1 the next victim). */
function filled() {
  const cache = new FIFOCache<number, string>(3);
  cache.put(1, 'one');
  cache.put(2, 'two');
  cache.put(3, 'three');
  return cache;
}

describe(level(2, 'Inspection without side effects'), () => {
  describe('has', () => {
    it('is true for a present key and false for an absent one', () => {
      const cache = filled();
      expect([cache.has(1), cache.has(4)]).toEqual([true, false]);
    });

    it('does not change the order', () => {
      const cache = filled();
      cache.has(1); // 1 stays the oldest
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 2]);
    });

    it('is false for an evicted key', () => {
      const cache = filled();
      cache.put(4, 'four');
      expect(cache.has(1)).toBe(false);
    });
  });

  describe('peek', () => {
    it('returns the value, or undefined when absent', () => {
      const cache = filled();
      expect([cache.peek(2), cache.peek(9)]).toEqual(['two', undefined]);
    });

    it('does not change the order', () => {
      const cache = filled();
      expect(cache.peek(1)).toBe('one'); // 1 stays the oldest
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 2]);
    });
  });

  describe('delete', () => {
    it('removes the key and returns true', () => {
      const cache = filled();
      expect(cache.delete(2)).toBe(true);
      expect([cache.has(2), cache.get(2), cache.size]).toEqual([false, undefined, 2]);
    });

    it('returns false for an absent key and changes nothing', () => {
      const cache = filled();
      expect(cache.delete(9)).toBe(false);
      expect([...cache.keys()]).toEqual([3, 2, 1]);
    });

    it('returns false the second time', () => {
      const cache = filled();
      cache.delete(2);
      expect(cache.delete(2)).toBe(false);
    });

    it('frees a slot, so the next new key evicts nothing', () => {
      const cache = filled();
      cache.delete(2);
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 1]);
    });

    test.each([
      { which: 'newest', key: 3, left: [2, 1] },
      { which: 'middle', key: 2, left: [3, 1] },
      { which: 'oldest', key: 1, left: [3, 2] },
    ])('keeps the order of the others after deleting the $which key', ({ key, left }) => {
      const cache = filled();
      cache.delete(key);
      expect([...cache.keys()]).toEqual(left);
    });

    it('makes a deleted key, put again, the newest insertion', () => {
      const cache = filled();
      cache.delete(1);
      cache.put(1, 'uno');
      cache.put(4, 'four'); // evicts 2, now the oldest
      expect([...cache.keys()]).toEqual([4, 1, 3]);
    });

    it('leaves an empty cache usable after deleting its only key', () => {
      const cache = new FIFOCache<number, string>(1);
      cache.put(1, 'one');
      cache.delete(1);
      cache.put(2, 'two');
      expect([...cache.entries()]).toEqual([[2, 'two']]);
    });
  });

  describe('size and clear', () => {
    it('counts entries as they are put, updated, evicted and deleted', () => {
      const cache = new FIFOCache<number, string>(2);
      const sizes = [cache.size];
      cache.put(1, 'one');
      sizes.push(cache.size);
      cache.put(1, 'uno'); // update
      sizes.push(cache.size);
      cache.put(2, 'two');
      sizes.push(cache.size);
      cache.put(3, 'three'); // evicts 1
      sizes.push(cache.size);
      cache.delete(2);
      sizes.push(cache.size);
      expect(sizes).toEqual([0, 1, 1, 2, 2, 1]);
    });

    it('clear removes every entry and the cache stays usable at full capacity', () => {
      const cache = filled();
      cache.clear();
      expect([cache.size, cache.has(1), [...cache.keys()]]).toEqual([0, false, []]);
      for (const key of [4, 5, 6]) cache.put(key, String(key));
      expect([...cache.keys()]).toEqual([6, 5, 4]);
    });
  });

  describe('iteration', () => {
    it('yields entries from the newest insertion to the oldest, whatever was read', () => {
      const cache = filled();
      cache.get(1);
      expect([...cache.entries()]).toEqual([
        [3, 'three'],
        [2, 'two'],
        [1, 'one'],
      ]);
    });

    it('ends with the next victim', () => {
      const cache = filled();
      cache.get(1);
      cache.put(1, 'uno');
      const last = [...cache.keys()].at(-1);
      cache.put(4, 'four');
      expect([last, cache.has(1)]).toEqual([1, false]);
    });

    it('keys(), values() and the default iterator agree with entries()', () => {
      const cache = filled();
      cache.get(2);
      const entries = [...cache.entries()];
      expect([...cache.keys()]).toEqual(entries.map(([key]) => key));
      expect([...cache.values()]).toEqual(entries.map(([, value]) => value));
      expect([...cache]).toEqual(entries);
    });

    it('does not change the order', () => {
      const cache = filled();
      void [...cache.entries()];
      void [...cache.keys()];
      void [...cache.values()];
      void [...cache];
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 2]);
    });

    it('yields nothing for an empty cache', () => {
      expect([...new FIFOCache<number, string>(2)]).toEqual([]);
    });

    it('reflects updates in place: an updated key keeps its position with its new value', () => {
      const cache = filled();
      cache.put(1, 'uno');
      cache.put(2, 'dos');
      expect([...cache.entries()]).toEqual([
        [3, 'three'],
        [2, 'dos'],
        [1, 'uno'],
      ]);
    });
  });

  describe('keys are compared like Map keys', () => {
    it("treats 1 and '1' as different keys", () => {
      const cache = new FIFOCache<number | string, string>(2);
      cache.put(1, 'number');
      cache.put('1', 'string');
      expect([cache.get(1), cache.get('1'), cache.size]).toEqual(['number', 'string', 2]);
    });

    it('compares object keys by identity', () => {
      const cache = new FIFOCache<object, string>(2);
      const key = { id: 1 };
      cache.put(key, 'object');
      expect([cache.get(key), cache.get({ id: 1 })]).toEqual(['object', undefined]);
    });

    it('treats NaN as one key, and 0 and -0 as one key', () => {
      const cache = new FIFOCache<number, string>(3);
      cache.put(Number.NaN, 'nan');
      cache.put(0, 'zero');
      cache.put(-0, 'minus zero');
      expect([cache.get(Number.NaN), cache.get(0), cache.size]).toEqual(['nan', 'minus zero', 2]);
    });

    test.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('treats %s as an ordinary key', (key) => {
      const cache = new FIFOCache<string, number>(2);
      expect([cache.has(key), cache.get(key)]).toEqual([false, undefined]);
      cache.put(key, 42);
      expect([cache.has(key), cache.get(key), cache.size]).toEqual([true, 42, 1]);
      expect(cache.delete(key)).toBe(true);
      expect(cache.has(key)).toBe(false);
    });
  });

  describe('undefined values', () => {
    it('stores undefined as a value: has is true and size counts it', () => {
      const cache = new FIFOCache<string, undefined>(2);
      cache.put('a', undefined);
      expect([cache.has('a'), cache.size, [...cache.entries()]]).toEqual([true, 1, [['a', undefined]]]);
    });

    it('treats a get of an undefined value as a hit, which saves nothing from eviction', () => {
      const cache = new FIFOCache<string, number | undefined>(2);
      cache.put('a', undefined);
      cache.put('b', 1);
      expect(cache.get('a')).toBeUndefined(); // a hit, and a stays the oldest
      cache.put('c', 2); // evicts a
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
    });

    it('updates an undefined value in place, keeping its position', () => {
      const cache = new FIFOCache<string, number | undefined>(2);
      cache.put('a', undefined);
      cache.put('b', 1);
      cache.put('a', 0);
      expect([...cache.entries()]).toEqual([
        ['b', 1],
        ['a', 0],
      ]);
    });

    it('updates an undefined value without adding a second entry', () => {
      const cache = new FIFOCache<string, number | undefined>(2);
      cache.put('a', undefined);
      cache.put('a', 1);
      expect([cache.size, cache.get('a')]).toEqual([1, 1]);
    });
  });

  it('agrees with an insertion-order model on random sequences of every operation', () => {
    checkAgainstModel({
      setup: () => fifoSetup(FIFOCache, { capacity: 3 }),
      steps: [getStep, putStep(), hasStep, peekStep, deleteStep, clearStep, inspectStep],
      maxSteps: 50,
    });
  });
});
