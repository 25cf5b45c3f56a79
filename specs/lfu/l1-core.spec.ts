import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import { getStep, lfuSetup, putStep } from './model.ts';

const { LFUCache } = await loadKata<typeof import('../../katas/lfu/index.ts')>('lfu');

/** Whether each key is present, read with `get` (note: a hit counts a use; call it last). */
function present(cache: { get(key: number): unknown }, keys: readonly number[]): boolean[] {
  return keys.map((key) => cache.get(key) !== undefined);
}

/** Uses `key` `times` times with `get`. */
function use(cache: { get(key: number): unknown }, key: number, times: number): void {
  for (let i = 0; i < times; i++) cache.get(key);
}

describe(level(1, 'Core: get and put'), () => {
  describe('constructor', () => {
    test.each([1, 2, 3, 1_000, Number.MAX_SAFE_INTEGER])('accepts capacity %d and reports it', (capacity) => {
      expect(new LFUCache(capacity).capacity).toBe(capacity);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53])(
      'rejects capacity %s with a RangeError naming capacity and the value',
      (capacity) => {
        expect(() => new LFUCache(capacity)).toThrow(RangeError);
        expect(() => new LFUCache(capacity)).toThrow(/capacity/);
        expect(() => new LFUCache(capacity)).toThrow(String(capacity));
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
      expect(() => new LFUCache(capacity)).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new LFUCache(capacity)).toThrow(/capacity/);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => new LFUCache(capacity)).toThrow(type);
    });

    it('names the value in the message, e.g. `0` (number)', () => {
      expect(() => new LFUCache(0)).toThrow('Expected `capacity` to be a positive integer, got `0` (number)');
    });

    it('treats options given as undefined as not given', () => {
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const cache = new LFUCache<string, number>(1, { ttl: undefined, now: undefined, onEvict: undefined });
      cache.put('a', 1);
      cache.put('b', 2);
      expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 2]);
    });

    it('allocates memory for the entries held, not for the capacity', () => {
      const cache = new LFUCache<string, number>(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < 1_000; i++) cache.put(String(i), i);
      expect([cache.get('0'), cache.get('999')]).toEqual([0, 999]);
    });
  });

  describe('get', () => {
    it('returns undefined for a key never put', () => {
      const cache = new LFUCache<string, number>(2);
      expect(cache.get('missing')).toBeUndefined();
    });

    it('returns the value put for a key, again and again', () => {
      const cache = new LFUCache<string, number>(2);
      cache.put('a', 1);
      expect([cache.get('a'), cache.get('a'), cache.get('a')]).toEqual([1, 1, 1]);
    });

    it('counts a use, so a key read once outlives a key never read', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.get(1); // 1: frequency 2; 2: frequency 1
      cache.put(3, 'three'); // evicts 2
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('protects the more frequent key even when it is the least recently used', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      use(cache, 1, 2); // 1: frequency 3
      cache.put(2, 'two');
      cache.get(2); // 2: frequency 2, and more recent than 1
      cache.put(3, 'three'); // evicts 2, the less frequent, although 1 is less recent
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('counts every get, so the key read more often survives', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      use(cache, 1, 3); // 1: frequency 4
      use(cache, 2, 2); // 2: frequency 3, the most recent
      cache.put(3, 'three'); // evicts 2
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('does not change anything on a miss', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      expect(cache.get(9)).toBeUndefined();
      cache.put(3, 'three'); // 1 is still the least recent of frequency 1
      expect(present(cache, [1, 2, 3])).toEqual([false, true, true]);
    });
  });

  describe('put', () => {
    it('returns nothing (no chaining)', () => {
      const cache = new LFUCache<string, number>(2);
      expect(cache.put('a', 1)).toBeUndefined();
    });

    it('replaces the value of an existing key', () => {
      const cache = new LFUCache<string, number>(2);
      cache.put('a', 1);
      cache.put('a', 2);
      expect(cache.get('a')).toBe(2);
    });

    it('does not evict anything when it updates an existing key of a full cache', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(2, 'TWO');
      expect([cache.get(1), cache.get(2)]).toEqual(['one', 'TWO']);
    });

    it('counts an update as a use, so the updated key outlives one never used again', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(1, 'ONE'); // 1: frequency 2
      cache.put(2, 'two'); // 2: frequency 1, the most recent
      cache.put(3, 'three'); // evicts 2, although 1 is the least recently used
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('counts an update as a use even when the value is the same', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one');
      cache.put(2, 'two');
      cache.put(1, 'one'); // 1: frequency 2
      cache.put(3, 'three'); // evicts 2
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('gives a new key frequency 1: one get puts it ahead of a key never read', () => {
      const cache = new LFUCache<number, string>(2);
      cache.put(1, 'one'); // frequency 1
      cache.put(2, 'two'); // frequency 1, more recent
      cache.get(1); // 1: frequency 2
      cache.get(2); // 2: frequency 2, more recent
      cache.put(3, 'three'); // evicts 1, the least recent at frequency 2
      expect(present(cache, [1, 2, 3])).toEqual([false, true, true]);
    });

    it('holds exactly `capacity` entries before it evicts anything', () => {
      const cache = new LFUCache<number, number>(3);
      for (const key of [1, 2, 3]) cache.put(key, key * 10);
      expect([cache.get(1), cache.get(2), cache.get(3)]).toEqual([10, 20, 30]);
    });

    it('evicts exactly one entry per new key', () => {
      const cache = new LFUCache<number, number>(3);
      for (const key of [1, 2, 3, 4, 5]) cache.put(key, key);
      expect(present(cache, [1, 2, 3, 4, 5])).toEqual([false, false, true, true, true]);
    });

    it('does not bring an evicted key back', () => {
      const cache = new LFUCache<number, number>(1);
      cache.put(1, 1);
      cache.put(2, 2);
      expect(cache.get(1)).toBeUndefined();
      expect(cache.get(1)).toBeUndefined();
    });
  });

  describe('eviction', () => {
    it('breaks a tie of frequency by evicting the least recently used, not the least recently inserted', () => {
      const cache = new LFUCache<number, number>(3);
      for (const key of [1, 2, 3]) cache.put(key, key);
      cache.get(2);
      cache.get(1);
      cache.get(3); // all at frequency 2; uses, oldest first: 2, 1, 3
      cache.put(4, 4); // evicts 2
      expect(present(cache, [2, 1, 3, 4])).toEqual([false, true, true, true]);
    });

    it('breaks a tie of frequency 1 by evicting the oldest put', () => {
      const cache = new LFUCache<number, number>(3);
      for (const key of [1, 2, 3]) cache.put(key, key);
      cache.put(4, 4); // evicts 1
      expect(present(cache, [1, 2, 3, 4])).toEqual([false, true, true, true]);
    });

    it('evicts a key of frequency 1 before an older key of higher frequency', () => {
      const cache = new LFUCache<number, number>(3);
      cache.put(1, 1);
      cache.get(1); // 1: frequency 2, and the least recently used from now on
      cache.put(2, 2);
      cache.put(3, 3);
      cache.put(4, 4); // evicts 2, the least recent at frequency 1
      expect(present(cache, [2, 1, 3, 4])).toEqual([false, true, true, true]);
    });

    it('evicts from the lowest frequency present even when it is not 1', () => {
      const cache = new LFUCache<number, number>(2);
      cache.put(1, 1);
      cache.put(2, 2);
      use(cache, 1, 3); // 1: frequency 4
      use(cache, 2, 1); // 2: frequency 2
      cache.put(3, 3); // evicts 2 (frequency 2)
      expect(present(cache, [2, 1, 3])).toEqual([false, true, true]);
    });

    it('never evicts the key being inserted: a new key replaces the victim even with the lowest frequency', () => {
      const cache = new LFUCache<number, number>(2);
      cache.put(1, 1);
      cache.put(2, 2);
      use(cache, 1, 5);
      use(cache, 2, 5);
      cache.put(3, 3); // evicts 1 (frequency 6, least recent); 3 has frequency 1
      expect(present(cache, [3, 2, 1])).toEqual([true, true, false]);
    });

    it('makes the newest key the next victim once it is alone at the lowest frequency', () => {
      const cache = new LFUCache<number, number>(2);
      cache.put(1, 1);
      cache.get(1); // 1: frequency 2
      cache.put(2, 2); // 2: frequency 1
      cache.put(3, 3); // evicts 2
      cache.put(4, 4); // evicts 3, at frequency 1, not 1
      expect(present(cache, [2, 3, 1, 4])).toEqual([false, false, true, true]);
    });

    it('forgets the frequency of an evicted key: put again, it starts over at 1', () => {
      const cache = new LFUCache<number, number>(2);
      cache.put(1, 1);
      use(cache, 1, 3); // 1: frequency 4
      cache.put(2, 2);
      use(cache, 2, 5); // 2: frequency 6
      cache.put(3, 3); // evicts 1
      cache.put(1, 1); // evicts 3; 1 is back at frequency 1
      cache.get(1); // 1: frequency 2
      cache.put(4, 4); // evicts 1 (2 < 6)
      expect(present(cache, [1, 2, 4])).toEqual([false, true, true]);
    });

    it('evicts the key that lost its tie-break after a long history of uses', () => {
      const cache = new LFUCache<number, number>(3);
      for (const key of [1, 2, 3]) cache.put(key, key);
      use(cache, 3, 2);
      use(cache, 1, 2);
      use(cache, 2, 2); // all at frequency 3; least recent use: 3
      cache.put(4, 4); // evicts 3
      cache.put(5, 5); // evicts 4 (frequency 1)
      expect(present(cache, [3, 4, 1, 2, 5])).toEqual([false, false, true, true, true]);
    });
  });

  describe.each([1, 2, 3, 50])('with capacity %i', (capacity) => {
    it('keeps the last `capacity` of capacity + 1 distinct keys put once each', () => {
      const cache = new LFUCache<number, number>(capacity);
      for (let key = 0; key <= capacity; key++) cache.put(key, key);
      const kept = Array.from({ length: capacity + 1 }, (_, key) => cache.get(key) !== undefined);
      expect(kept).toEqual([false, ...Array<boolean>(capacity).fill(true)]);
    });

    it('never evicts a key that is updated again and again', () => {
      const cache = new LFUCache<number, number>(capacity);
      for (let round = 0; round < 3 * capacity; round++) cache.put(-1, round);
      expect(cache.get(-1)).toBe(3 * capacity - 1);
    });

    it('keeps a key read once over a stream of new keys read never', () => {
      const cache = new LFUCache<number, number>(capacity);
      cache.put(-1, -1);
      cache.get(-1);
      for (let key = 0; key < 3 * capacity; key++) cache.put(key, key);
      expect(cache.get(-1)).toBe(capacity === 1 ? undefined : -1);
    });
  });

  it('passes the LeetCode 460 example', () => {
    const cache = new LFUCache<number, number>(2);
    cache.put(1, 1);
    cache.put(2, 2);
    expect(cache.get(1)).toBe(1);
    cache.put(3, 3); // evicts 2
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(3)).toBe(3);
    cache.put(4, 4); // tie at frequency 2: evicts 1, the least recently used
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(3)).toBe(3);
    expect(cache.get(4)).toBe(4);
  });

  it('passes the README example', () => {
    const cache = new LFUCache<number, string>(2);
    cache.put(1, 'one');
    cache.put(2, 'two');
    expect(cache.get(1)).toBe('one');
    cache.put(3, 'three');
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(3)).toBe('three');
    cache.put(4, 'four');
    expect(present(cache, [1, 3, 4])).toEqual([false, true, true]);
  });

  it('keeps separate caches separate', () => {
    const first = new LFUCache<string, number>(1);
    const second = new LFUCache<string, number>(1);
    first.put('a', 1);
    second.put('a', 2);
    expect([first.get('a'), second.get('a')]).toEqual([1, 2]);
  });

  it('agrees with a naive model (scan for the lowest frequency, then the oldest use) on random get/put', () => {
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity: 3 }),
      steps: [getStep, putStep()],
    });
  });

  it.each([1, 2, 4])('agrees with the model at capacity %i', (capacity) => {
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity }),
      steps: [getStep, putStep()],
      numRuns: 60,
    });
  });

  it('keeps get and put O(1): the cost per operation does not grow with the size', () => {
    expectFlatCost({
      label: 'get/put on a full cache (3 hot gets, 1 new key per 4 operations)',
      create: (n) => ({ cache: new LFUCache<number, number>(n), next: 0 }),
      fill: (state, i) => {
        state.cache.put(i, i);
        state.next = i + 1;
      },
      operation: (state, i) => {
        if ((i & 3) === 3) {
          state.cache.put(state.next, i); // a new key: evicts the least frequently used
          state.next++;
        } else {
          const key = state.next - 1 - (i & 63); // a hot key, recently put
          if (state.cache.get(key) === undefined) state.cache.put(key, i);
        }
      },
    });
    // A hang guard for a busy machine, not a speed limit: the growth check measures ratios, not time.
  }, 10_000);
});
