import { describe, expect, it, test } from 'vitest';
import { expectFlatCost } from '../support/complexity.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  clearStep,
  deleteStep,
  factorySetup,
  getStep,
  hasStep,
  type PolicyName,
  peekStep,
  putStep,
  sizeStep,
} from './model.ts';

const { CacheFactory, EvictionPolicy } =
  await loadKata<typeof import('../../katas/cache-factory/index.ts')>('cache-factory');

const policies = ['LRU', 'LFU', 'FIFO'] as const;

function make<V = number>(policy: PolicyName, capacity: number) {
  return CacheFactory.create<string, V>(EvictionPolicy[policy], { capacity });
}

/** Which of `keys` the cache holds, read with `has` (which never tells the policy). */
function held(cache: { has(key: string): boolean }, keys: string): string {
  return [...keys].filter((key) => cache.has(key)).join('');
}

describe(level(1, 'Factory and three policies'), () => {
  describe('CacheFactory.create', () => {
    test.each(policies)('builds a %s cache that reports its policy and capacity', (policy) => {
      const cache = make(policy, 3);
      expect([cache.policy, cache.capacity, cache.size]).toEqual([policy, 3, 0]);
    });

    test.each([1, 2, 1_000, Number.MAX_SAFE_INTEGER])('accepts capacity %d', (capacity) => {
      expect(make('LFU', capacity).capacity).toBe(capacity);
    });

    test.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53])(
      'rejects capacity %s with a RangeError naming capacity and the value',
      (capacity) => {
        expect(() => make('LRU', capacity)).toThrow(RangeError);
        expect(() => make('LRU', capacity)).toThrow(/`capacity`.*number/);
        expect(() => make('LRU', capacity)).toThrow(String(capacity));
      },
    );

    test.each([
      ['the string "3"', '3', 'string'],
      ['undefined', undefined, 'undefined'],
      ['null', null, 'null'],
      ['the bigint 3n', 3n, 'bigint'],
    ])('rejects capacity %s with a TypeError naming capacity and the type', (_label, capacity, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => CacheFactory.create(EvictionPolicy.FIFO, { capacity });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`capacity`/);
      expect(create).toThrow(`(${type})`);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
      ['a policy name', 'LRU'],
      ['an empty object', {}],
      ['an object without createTracker', { name: 'X' }],
      ['an object without a name', { createTracker: () => ({}) }],
    ])('rejects %s as the policy with a TypeError naming policy', (_label, policy) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => CacheFactory.create(policy, { capacity: 2 });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`policy`/);
    });

    test.each([
      ['undefined', undefined],
      ['null', null],
      ['a number', 3],
    ])('rejects %s as the options with a TypeError naming options', (_label, options) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => CacheFactory.create(EvictionPolicy.LRU, options);
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`options`/);
    });

    it('treats options given as undefined as not given', () => {
      const options = { capacity: 1, defaultTtl: undefined, now: undefined, loadTimeout: undefined };
      // @ts-expect-error: undefined options, as JavaScript callers pass them
      const cache = CacheFactory.create<string, number>(EvictionPolicy.LRU, options);
      cache.put('a', 1);
      cache.put('b', 2);
      expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 2]);
    });

    it('keeps caches of the same policy separate (each has its own policy state)', () => {
      const first = make('LRU', 2);
      const second = make('LRU', 2);
      first.put('a', 1);
      first.put('b', 2);
      second.put('b', 2);
      second.put('a', 1);
      first.put('c', 3); // evicts a in the first
      second.put('c', 3); // evicts b in the second
      expect([held(first, 'abc'), held(second, 'abc')]).toEqual(['bc', 'ac']);
    });
  });

  describe.each(policies)('every policy: %s', (policy) => {
    it('returns undefined for a key never put, and the value put otherwise', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      expect([cache.get('missing'), cache.get('a')]).toEqual([undefined, 1]);
    });

    it('put returns nothing (no chaining)', () => {
      expect(make(policy, 2).put('a', 1)).toBeUndefined();
    });

    it('replaces the value of an existing key without growing or evicting', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('b', 20);
      expect([cache.size, cache.get('a'), cache.get('b')]).toEqual([2, 1, 20]);
    });

    it('holds exactly `capacity` entries, then evicts exactly one per new key', () => {
      const cache = make(policy, 3);
      for (const key of 'abc') cache.put(key, 0);
      expect([cache.size, held(cache, 'abc')]).toEqual([3, 'abc']);
      cache.put('d', 0);
      expect([cache.size, held(cache, 'abcd').length]).toEqual([3, 3]);
      cache.put('e', 0);
      expect([cache.size, held(cache, 'abcde').length]).toEqual([3, 3]);
    });

    it('has and peek report a held key without returning anything else', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      expect([cache.has('a'), cache.peek('a'), cache.has('b'), cache.peek('b')]).toEqual([true, 1, false, undefined]);
    });

    it('delete removes a key, reports whether it was there, and frees its slot', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      expect([cache.delete('a'), cache.delete('a'), cache.delete('zz')]).toEqual([true, false, false]);
      cache.put('c', 3); // room left by a: nothing evicted
      expect([cache.size, held(cache, 'abc')]).toEqual([2, 'bc']);
    });

    it('clear removes every entry, and the cache works as new afterwards', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.clear();
      expect([cache.size, cache.has('a'), cache.get('b')]).toEqual([0, false, undefined]);
      cache.put('c', 3);
      cache.put('d', 4);
      expect([cache.size, held(cache, 'abcd')]).toEqual([2, 'cd']);
    });

    it('evicts the right key after a delete and re-insert of the same key', () => {
      const cache = make(policy, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.delete('a');
      cache.put('a', 1); // a is now the newest key, with a fresh history
      cache.put('c', 3); // every policy evicts b: a is newer and, for LFU, as frequent
      expect(held(cache, 'abc')).toBe('ac');
    });

    it('stores undefined as a value like any other', () => {
      const cache = make<number | undefined>(policy, 2);
      cache.put('a', undefined);
      expect([cache.has('a'), cache.size, cache.get('a')]).toEqual([true, 1, undefined]);
    });

    it('compares keys like a Map (SameValueZero)', () => {
      const cache = CacheFactory.create<unknown, string>(EvictionPolicy[policy], { capacity: 10 });
      const object = {};
      cache.put(1, 'number');
      cache.put('1', 'string');
      cache.put(Number.NaN, 'nan');
      cache.put(-0, 'zero');
      cache.put(object, 'object');
      cache.put('__proto__', 'proto');
      expect([cache.get(1), cache.get('1'), cache.get(Number.NaN), cache.get(0), cache.get(object)]).toEqual([
        'number',
        'string',
        'nan',
        'zero',
        'object',
      ]);
      expect([cache.get({}), cache.get('__proto__'), cache.size]).toEqual([undefined, 'proto', 6]);
    });

    it('agrees with a list model on random get/put/has/peek/delete/clear sequences', () => {
      checkAgainstModel({
        setup: () => factorySetup(CacheFactory, EvictionPolicy, { policy, capacity: 3 }),
        steps: [getStep, putStep(), hasStep, peekStep, deleteStep, clearStep, sizeStep],
      });
    });

    it.each([1, 2])('agrees with the model at capacity %i', (capacity) => {
      checkAgainstModel({
        setup: () => factorySetup(CacheFactory, EvictionPolicy, { policy, capacity }),
        steps: [getStep, putStep(), deleteStep, sizeStep],
        numRuns: 60,
      });
    });

    // Three policies, three growth checks: allow each more than the default 2 s on a busy machine.
    it('keeps get and put O(1): the cost per operation does not grow with the size', { timeout: 10_000 }, () => {
      expectFlatCost({
        label: `${policy}: get/put on a full cache (3 hot gets, 1 new key per 4 operations)`,
        create: (n) => ({
          cache: CacheFactory.create<number, number>(EvictionPolicy[policy], { capacity: n }),
          next: 0,
        }),
        fill: (state, i) => {
          state.cache.put(i, i);
          state.next = i + 1;
        },
        operation: (state, i) => {
          if ((i & 3) === 3) {
            state.cache.put(state.next, i); // a new key: evicts the policy's victim
            state.next++;
          } else {
            const key = state.next - 1 - (i & 63); // a hot key, recently put
            if (state.cache.get(key) === undefined) state.cache.put(key, i);
          }
        },
      });
    });
  });

  describe.each([1, 2, 3, 50])('with capacity %i', (capacity) => {
    const keys = Array.from({ length: capacity }, (_, i) => `k${i}`);

    test.each(['LRU', 'LFU'] as const)('%s keeps a key that is updated before every new key', (policy) => {
      const cache = make(policy, capacity);
      for (const key of keys) cache.put(key, 0);
      for (let round = 0; round < 3 * capacity; round++) {
        cache.put('k0', round);
        cache.put(`new${round}`, round);
      }
      expect(cache.get('k0')).toBe(capacity === 1 ? undefined : 3 * capacity - 1);
    });

    it('FIFO evicts the first key inserted even though it was just updated', () => {
      const cache = make('FIFO', capacity);
      for (const key of keys) cache.put(key, 0);
      cache.put('k0', 1);
      cache.put('new', 2);
      expect([cache.has('k0'), cache.has('new'), cache.size]).toEqual([false, true, capacity]);
    });

    test.each(policies)('%s keeps the last `capacity` of capacity + 1 keys never read', (policy) => {
      const cache = make(policy, capacity);
      for (const key of [...keys, 'last']) cache.put(key, 0);
      expect([cache.has('k0'), cache.has('last'), cache.size]).toEqual([false, true, capacity]);
    });
  });

  describe('LRU', () => {
    it('evicts the least recently used key', () => {
      const cache = make('LRU', 3);
      for (const key of 'abc') cache.put(key, 0);
      cache.put('d', 0);
      expect(held(cache, 'abcd')).toBe('bcd');
    });

    it('a get saves a key from the next eviction', () => {
      const cache = make('LRU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a'); // a is the most recent
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('ac');
    });

    it('an update saves a key from the next eviction', () => {
      const cache = make('LRU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('a', 10);
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('ac');
    });

    it('has and peek do not change recency (they do not tell the policy)', () => {
      const cache = make('LRU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.has('a');
      cache.peek('a');
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('bc');
    });

    it('a miss changes nothing', () => {
      const cache = make('LRU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('zz');
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('bc');
    });

    it('passes the LeetCode 146 example', () => {
      const cache = CacheFactory.create<number, number>(EvictionPolicy.LRU, { capacity: 2 });
      cache.put(1, 1);
      cache.put(2, 2);
      expect(cache.get(1)).toBe(1);
      cache.put(3, 3);
      expect(cache.get(2)).toBeUndefined();
      cache.put(4, 4);
      expect([cache.get(1), cache.get(3), cache.get(4)]).toEqual([undefined, 3, 4]);
    });
  });

  describe('LFU', () => {
    it('evicts the least frequently used key', () => {
      const cache = make('LFU', 3);
      for (const key of 'abc') cache.put(key, 0);
      cache.get('a');
      cache.get('b');
      cache.get('a'); // a: 3, b: 2, c: 1
      cache.put('d', 0);
      expect(held(cache, 'abcd')).toBe('abd');
    });

    it('breaks a frequency tie by evicting the least recently used, not the first inserted', () => {
      const cache = make('LFU', 3);
      for (const key of 'abc') cache.put(key, 0);
      cache.get('b');
      cache.get('a');
      cache.get('c'); // all at 2; least recent: b
      cache.put('d', 0);
      expect(held(cache, 'abcd')).toBe('acd');
    });

    it('counts a put on an existing key as a use', () => {
      const cache = make('LFU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('a', 10); // a: 2, b: 1
      cache.put('c', 3); // evicts b
      expect(held(cache, 'abc')).toBe('ac');
      cache.put('c', 30);
      cache.put('c', 31); // c: 3, a: 2
      cache.put('d', 4); // evicts a
      expect(held(cache, 'abcd')).toBe('cd');
    });

    it('evicts a new key (frequency 1) before an older, more used one', () => {
      const cache = make('LFU', 2);
      cache.put('a', 1);
      cache.get('a');
      cache.put('b', 2);
      cache.put('c', 3); // evicts b (1 use), not a (2)
      cache.put('d', 4); // evicts c (1 use)
      expect(held(cache, 'abcd')).toBe('ad');
    });

    it('has and peek do not count as uses', () => {
      const cache = make('LFU', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      for (let i = 0; i < 5; i++) {
        cache.has('a');
        cache.peek('a');
      }
      cache.get('b'); // b: 2, a: 1
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('bc');
    });

    it('forgets the frequency of a deleted key: put again, it starts at 1', () => {
      const cache = make('LFU', 2);
      cache.put('a', 1);
      for (let i = 0; i < 5; i++) cache.get('a');
      cache.delete('a');
      cache.put('b', 2);
      cache.get('b'); // b: 2
      cache.put('a', 1); // a: 1
      cache.put('c', 3); // evicts a
      expect(held(cache, 'abc')).toBe('bc');
    });

    it('keeps the minimum right when the lowest-frequency key is deleted', () => {
      const cache = make('LFU', 3);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('b');
      cache.put('c', 3);
      cache.get('c');
      cache.get('c'); // a: 1, b: 2, c: 3
      cache.delete('a'); // the lowest frequency is now 2
      cache.put('d', 4); // d: 1, room left by a
      cache.get('d');
      cache.get('d');
      cache.get('d'); // d: 4
      cache.put('e', 5); // evicts b (2)
      expect(held(cache, 'abcde')).toBe('cde');
    });

    it('passes the LeetCode 460 example', () => {
      const cache = CacheFactory.create<number, number>(EvictionPolicy.LFU, { capacity: 2 });
      cache.put(1, 1);
      cache.put(2, 2);
      expect(cache.get(1)).toBe(1);
      cache.put(3, 3); // evicts 2
      expect([cache.get(2), cache.get(3)]).toEqual([undefined, 3]);
      cache.put(4, 4); // 1 and 3 both at 2: evicts 1, the least recent
      expect([cache.get(1), cache.get(3), cache.get(4)]).toEqual([undefined, 3, 4]);
    });
  });

  describe('FIFO', () => {
    it('evicts the key inserted first', () => {
      const cache = make('FIFO', 3);
      for (const key of 'abc') cache.put(key, 0);
      cache.put('d', 0);
      cache.put('e', 0);
      expect(held(cache, 'abcde')).toBe('cde');
    });

    it('a get does not save a key from eviction', () => {
      const cache = make('FIFO', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.get('a');
      cache.put('c', 3);
      expect(held(cache, 'abc')).toBe('bc');
    });

    it('an update keeps the original position (it is not a re-insertion)', () => {
      const cache = make('FIFO', 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('a', 10);
      cache.put('c', 3);
      expect([held(cache, 'abc'), cache.get('c')]).toEqual(['bc', 3]);
    });

    it('a deleted key put again goes to the back of the queue', () => {
      const cache = make('FIFO', 3);
      for (const key of 'abc') cache.put(key, 0);
      cache.delete('a');
      cache.put('a', 0); // order: b, c, a
      cache.put('d', 0); // evicts b
      cache.put('e', 0); // evicts c
      expect(held(cache, 'abcde')).toBe('ade');
    });
  });

  describe('telling the policies apart', () => {
    test.each([
      { history: 'put a, put b, get a, put c', LRU: 'ac', LFU: 'ac', FIFO: 'bc' },
      { history: 'put a, put b, get a, get a, get b, put c', LRU: 'bc', LFU: 'ac', FIFO: 'bc' },
      { history: 'put a, put b, put a, put c', LRU: 'ac', LFU: 'ac', FIFO: 'bc' },
      { history: 'put a, put b, get b, get b, get a, put c', LRU: 'ac', LFU: 'bc', FIFO: 'bc' },
      { history: 'put a, get a, put b, get b, put c', LRU: 'bc', LFU: 'bc', FIFO: 'bc' },
    ] as const)('after "$history" at capacity 2: LRU keeps $LRU, LFU $LFU, FIFO $FIFO', (row) => {
      const kept = policies.map((policy) => {
        const cache = make(policy, 2);
        for (const step of row.history.split(', ')) {
          const [op, key = ''] = step.split(' ');
          if (op === 'put') cache.put(key, 0);
          else cache.get(key);
        }
        return held(cache, 'abc');
      });
      expect(kept).toEqual([row.LRU, row.LFU, row.FIFO]);
    });
  });
});
