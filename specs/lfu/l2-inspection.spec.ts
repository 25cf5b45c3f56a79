import { describe, expect, it, test } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  clearStep,
  deleteStep,
  frequencyStep,
  getStep,
  hasStep,
  inspectStep,
  lfuSetup,
  peekStep,
  putStep,
} from './model.ts';

const { LFUCache } = await loadKata<typeof import('../../katas/lfu/index.ts')>('lfu');

/** A cache of capacity 3 holding 1, 2, 3, each put once in that order (all at frequency 1; 1 is the next victim). */
function filled() {
  const cache = new LFUCache<number, string>(3);
  cache.put(1, 'one');
  cache.put(2, 'two');
  cache.put(3, 'three');
  return cache;
}

describe(level(2, 'Inspection without side effects'), () => {
  describe('frequencyOf', () => {
    it('is 1 for a key just put, and undefined for an absent key', () => {
      const cache = filled();
      expect([cache.frequencyOf(1), cache.frequencyOf(9)]).toEqual([1, undefined]);
    });

    it('adds 1 for every get hit and every put of an existing key', () => {
      const cache = filled();
      cache.get(1);
      cache.get(1);
      cache.put(1, 'uno');
      cache.put(2, 'two'); // same value: still a use
      expect([cache.frequencyOf(1), cache.frequencyOf(2), cache.frequencyOf(3)]).toEqual([4, 2, 1]);
    });

    it('does not count a use itself, nor do has and peek', () => {
      const cache = filled();
      cache.frequencyOf(1);
      cache.has(1);
      cache.peek(1);
      expect(cache.frequencyOf(1)).toBe(1);
      cache.put(4, 'four'); // 1 is still the next victim
      expect(cache.has(1)).toBe(false);
    });

    it('is undefined for an evicted key, and 1 again when it is put back', () => {
      const cache = new LFUCache<number, string>(1);
      cache.put(1, 'one');
      cache.get(1);
      cache.put(2, 'two');
      expect(cache.frequencyOf(1)).toBeUndefined();
      cache.put(1, 'one');
      expect(cache.frequencyOf(1)).toBe(1);
    });

    it('grows without limit', () => {
      const cache = new LFUCache<string, number>(1);
      cache.put('a', 0);
      for (let i = 0; i < 1_000; i++) cache.get('a');
      expect(cache.frequencyOf('a')).toBe(1_001);
    });
  });

  describe('has', () => {
    it('is true for a present key and false for an absent one', () => {
      const cache = filled();
      expect([cache.has(1), cache.has(4)]).toEqual([true, false]);
    });

    it('does not count a use', () => {
      const cache = filled();
      cache.has(1);
      cache.has(1); // 1 stays the next victim
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

    it('does not count a use', () => {
      const cache = filled();
      expect(cache.peek(1)).toBe('one'); // 1 stays the next victim
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 2]);
    });

    it('does not change recency within a frequency', () => {
      const cache = filled();
      cache.get(1);
      cache.get(2); // 1 and 2 at frequency 2, 1 the less recent
      cache.peek(1);
      cache.put(3, 'THREE'); // 3 at frequency 2, the most recent
      expect([...cache.keys()]).toEqual([3, 2, 1]);
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

    it('forgets the frequency: put again, the key starts at 1', () => {
      const cache = filled();
      cache.get(2);
      cache.get(2);
      cache.delete(2);
      cache.put(2, 'two');
      expect(cache.frequencyOf(2)).toBe(1);
    });

    it('of the only key at the lowest frequency makes the next frequency the lowest', () => {
      const cache = filled();
      cache.get(2);
      cache.get(3); // 1: frequency 1; 2 and 3: frequency 2
      cache.get(3); // 3: frequency 3
      cache.delete(1); // frequency 1 is now empty
      cache.put(4, 'four'); // frequency 1 again; evicts nothing
      cache.put(5, 'five'); // evicts 4, the only key at frequency 1
      cache.put(6, 'six'); // evicts 5
      expect([...cache.keys()]).toEqual([3, 2, 6]);
      cache.get(6); // 6: frequency 2, more recent than 2
      cache.put(7, 'seven'); // evicts 2, the least recent at frequency 2
      expect([...cache.keys()]).toEqual([3, 6, 7]);
    });

    test.each([
      { which: 'next to be evicted', key: 1, left: [3, 2] },
      { which: 'middle', key: 2, left: [3, 1] },
      { which: 'last to be evicted', key: 3, left: [2, 1] },
    ])('keeps the order of the others after deleting the $which key', ({ key, left }) => {
      const cache = filled();
      cache.delete(key);
      expect([...cache.keys()]).toEqual(left);
    });

    it('leaves an empty cache usable after deleting its only key', () => {
      const cache = new LFUCache<number, string>(1);
      cache.put(1, 'one');
      cache.get(1);
      cache.delete(1);
      cache.put(2, 'two');
      expect([[...cache.entries()], cache.frequencyOf(2)]).toEqual([[[2, 'two']], 1]);
    });
  });

  describe('size and clear', () => {
    it('counts entries as they are put, updated, evicted and deleted', () => {
      const cache = new LFUCache<number, string>(2);
      const sizes = [cache.size];
      cache.put(1, 'one');
      sizes.push(cache.size);
      cache.put(1, 'uno'); // update
      sizes.push(cache.size);
      cache.put(2, 'two');
      sizes.push(cache.size);
      cache.put(3, 'three'); // evicts 2
      sizes.push(cache.size);
      cache.delete(1);
      sizes.push(cache.size);
      expect(sizes).toEqual([0, 1, 1, 2, 2, 1]);
    });

    it('clear removes every entry and frequency, and the cache stays usable at full capacity', () => {
      const cache = filled();
      cache.get(1);
      cache.clear();
      expect([cache.size, cache.has(1), [...cache.keys()]]).toEqual([0, false, []]);
      for (const key of [4, 5, 1]) cache.put(key, String(key));
      expect([[...cache.keys()], cache.frequencyOf(1)]).toEqual([[1, 5, 4], 1]);
      cache.put(6, '6'); // evicts 4
      expect([...cache.keys()]).toEqual([6, 1, 5]);
    });
  });

  describe('iteration', () => {
    it('yields entries from highest to lowest frequency, most recent first within a frequency', () => {
      const cache = new LFUCache<number, string>(5);
      for (const key of [1, 2, 3, 4, 5]) cache.put(key, String(key));
      cache.get(4);
      cache.get(2);
      cache.get(2);
      cache.get(5); // frequencies: 2→3, 4→2, 5→2 (5 more recent), 1→1, 3→1 (3 more recent)
      expect([...cache.entries()]).toEqual([
        [2, '2'],
        [5, '5'],
        [4, '4'],
        [3, '3'],
        [1, '1'],
      ]);
    });

    it('ends with the next victim', () => {
      const cache = filled();
      cache.get(1);
      cache.get(3);
      const last = [...cache.keys()].at(-1);
      cache.put(4, 'four');
      expect([last, cache.has(2)]).toEqual([2, false]);
    });

    it('keys(), values() and the default iterator agree with entries()', () => {
      const cache = filled();
      cache.get(2);
      const entries = [...cache.entries()];
      expect([...cache.keys()]).toEqual(entries.map(([key]) => key));
      expect([...cache.values()]).toEqual(entries.map(([, value]) => value));
      expect([...cache]).toEqual(entries);
    });

    it('does not count a use', () => {
      const cache = filled();
      void [...cache.entries()];
      void [...cache.keys()];
      void [...cache.values()];
      void [...cache];
      expect([cache.frequencyOf(1), cache.frequencyOf(2), cache.frequencyOf(3)]).toEqual([1, 1, 1]);
      cache.put(4, 'four');
      expect([...cache.keys()]).toEqual([4, 3, 2]);
    });

    it('yields nothing for an empty cache', () => {
      expect([...new LFUCache<number, string>(2)]).toEqual([]);
    });

    it('reflects updates: an updated key moves up a frequency with its new value', () => {
      const cache = filled();
      cache.put(1, 'uno');
      expect([...cache.entries()][0]).toEqual([1, 'uno']);
    });
  });

  describe('keys are compared like Map keys', () => {
    it("treats 1 and '1' as different keys", () => {
      const cache = new LFUCache<number | string, string>(2);
      cache.put(1, 'number');
      cache.put('1', 'string');
      expect([cache.get(1), cache.get('1'), cache.size]).toEqual(['number', 'string', 2]);
    });

    it('compares object keys by identity', () => {
      const cache = new LFUCache<object, string>(2);
      const key = { id: 1 };
      cache.put(key, 'object');
      expect([cache.get(key), cache.get({ id: 1 })]).toEqual(['object', undefined]);
    });

    it('treats NaN as one key, and 0 and -0 as one key', () => {
      const cache = new LFUCache<number, string>(3);
      cache.put(Number.NaN, 'nan');
      cache.put(0, 'zero');
      cache.put(-0, 'minus zero');
      expect([cache.get(Number.NaN), cache.get(0), cache.size, cache.frequencyOf(0)]).toEqual([
        'nan',
        'minus zero',
        2,
        3,
      ]);
    });

    test.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('treats %s as an ordinary key', (key) => {
      const cache = new LFUCache<string, number>(2);
      expect([cache.has(key), cache.get(key), cache.frequencyOf(key)]).toEqual([false, undefined, undefined]);
      cache.put(key, 42);
      expect([cache.has(key), cache.get(key), cache.size, cache.frequencyOf(key)]).toEqual([true, 42, 1, 2]);
      expect(cache.delete(key)).toBe(true);
      expect(cache.has(key)).toBe(false);
    });
  });

  describe('undefined values', () => {
    it('stores undefined as a value: has is true and size counts it', () => {
      const cache = new LFUCache<string, undefined>(2);
      cache.put('a', undefined);
      expect([cache.has('a'), cache.size, [...cache.entries()]]).toEqual([true, 1, [['a', undefined]]]);
    });

    it('counts a get of an undefined value as a hit that counts a use', () => {
      const cache = new LFUCache<string, number | undefined>(2);
      cache.put('a', undefined);
      cache.put('b', 1);
      expect(cache.get('a')).toBeUndefined(); // a: frequency 2
      cache.put('c', 2); // evicts b
      expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.frequencyOf('a')]).toEqual([true, false, true, 2]);
    });

    it('updates an undefined value without adding a second entry', () => {
      const cache = new LFUCache<string, number | undefined>(2);
      cache.put('a', undefined);
      cache.put('a', 1);
      expect([cache.size, cache.get('a')]).toEqual([1, 1]);
    });
  });

  it('agrees with the naive model on random sequences of every operation', () => {
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity: 3 }),
      steps: [getStep, putStep(), hasStep, peekStep, frequencyStep, deleteStep, clearStep, inspectStep],
      maxSteps: 50,
    });
  });
});
