import fc from 'fast-check';
import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  advanceStep,
  clearStep,
  deleteStep,
  factorySetup,
  getStep,
  hasStep,
  peekStep,
  purgeStep,
  putStep,
  sizeStep,
} from './model.ts';
import { MRU, mulberry32, randomPolicy, recordingPolicy } from './policies.ts';

const { CacheError, CacheFactory, EvictionPolicy, PolicyError } =
  await loadKata<typeof import('../../katas/cache-factory/index.ts')>('cache-factory');

const policies = ['LRU', 'LFU', 'FIFO'] as const;

/** A cache on a fake clock that starts at t=1000. */
function onClock(policy: (typeof policies)[number], capacity: number, defaultTtl?: number) {
  const clock = { t: 1_000 };
  const now = () => clock.t;
  const cache = CacheFactory.create<string, number>(
    EvictionPolicy[policy],
    defaultTtl === undefined ? { capacity, now } : { capacity, now, defaultTtl },
  );
  return { cache, clock };
}

describe(level(2, 'Expiry and custom policies'), () => {
  describe('the expiry instant', () => {
    test.each([
      { at: 1_099, live: true, when: 'one millisecond before t + ttl' },
      { at: 1_100, live: false, when: 'exactly at t + ttl' },
      { at: 1_101, live: false, when: 'after t + ttl' },
    ])('an entry put at t=1000 with defaultTtl 100 is live=$live $when', ({ at, live }) => {
      const { cache, clock } = onClock('LRU', 2, 100);
      cache.put('a', 1); // t=1000, expires at 1100
      clock.t = at;
      expect(cache.get('a')).toBe(live ? 1 : undefined);
    });

    test.each([
      { ttl: 0.5, at: 1_000.4, live: true },
      { ttl: 0.5, at: 1_000.5, live: false },
      { ttl: 1e9, at: 1e9 + 999, live: true },
    ])('fractional and large TTLs: ttl $ttl is live=$live at t=$at', ({ ttl, at, live }) => {
      const { cache, clock } = onClock('LFU', 2);
      cache.put('a', 1, { ttl });
      clock.t = at;
      expect(cache.has('a')).toBe(live);
    });
  });

  describe.each(policies)('expiry with %s', (policy) => {
    it('entries never expire without a TTL', () => {
      const { cache, clock } = onClock(policy, 2);
      cache.put('a', 1);
      clock.t = Number.MAX_SAFE_INTEGER;
      expect(cache.get('a')).toBe(1);
    });

    it('a per-entry ttl overrides defaultTtl, longer or shorter, and Infinity never expires', () => {
      const { cache, clock } = onClock(policy, 3, 100);
      cache.put('short', 1, { ttl: 10 });
      cache.put('long', 2, { ttl: 500 });
      cache.put('forever', 3, { ttl: Number.POSITIVE_INFINITY });
      clock.t = 1_010; // short expired
      expect([cache.has('short'), cache.has('long'), cache.has('forever')]).toEqual([false, true, true]);
      clock.t = 1_500; // long expired
      expect([cache.has('long'), cache.has('forever')]).toEqual([false, true]);
    });

    it('an updating put restarts the TTL', () => {
      const { cache, clock } = onClock(policy, 2, 100);
      cache.put('a', 1); // t=1000
      clock.t = 1_090;
      cache.put('a', 2); // expires at 1190
      clock.t = 1_150;
      expect(cache.get('a')).toBe(2);
    });

    it('a get does not extend the TTL (no sliding expiry)', () => {
      const { cache, clock } = onClock(policy, 2, 100);
      cache.put('a', 1);
      clock.t = 1_090;
      cache.get('a');
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });

    it('get, peek, has and delete treat an expired entry as absent', () => {
      const { cache, clock } = onClock(policy, 4, 100);
      for (const key of 'abcd') cache.put(key, 1);
      clock.t = 1_100;
      expect([cache.get('a'), cache.peek('b'), cache.has('c'), cache.delete('d')]).toEqual([
        undefined,
        undefined,
        false,
        false,
      ]);
    });

    it('removes an expired entry when get, peek, has, delete or put touches it, and size counts it until then', () => {
      const { cache, clock } = onClock(policy, 5, 100);
      for (const key of 'abcde') cache.put(key, 1);
      clock.t = 1_100;
      expect(cache.size).toBe(5); // expired, but nothing has touched them yet
      cache.get('a');
      cache.peek('b');
      cache.has('c');
      cache.delete('d');
      expect(cache.size).toBe(1);
      cache.put('e', 2, { ttl: 1_000 }); // inserted afresh
      expect([cache.size, cache.get('e')]).toEqual([1, 2]);
    });

    it('a full cache evicts the policy victim, even when another entry has expired', () => {
      const { cache, clock } = onClock(policy, 2);
      cache.put('a', 1); // never expires; the victim of every policy below
      cache.put('b', 2, { ttl: 10 });
      clock.t = 1_020; // b has expired but nothing touched it
      cache.put('c', 3);
      expect(cache.size).toBe(2);
      expect([cache.has('a'), cache.has('c'), cache.has('b')]).toEqual([false, true, false]);
    });

    it('purgeExpired removes every expired entry, keeps the live ones, and returns how many it removed', () => {
      const { cache, clock } = onClock(policy, 5);
      cache.put('a', 1, { ttl: 10 });
      cache.put('b', 2, { ttl: 20 });
      cache.put('c', 3, { ttl: 30 });
      cache.put('d', 4);
      clock.t = 1_020; // a and b expired
      expect([cache.purgeExpired(), cache.size, cache.purgeExpired()]).toEqual([2, 2, 0]);
      expect([cache.get('c'), cache.get('d')]).toEqual([3, 4]);
    });

    it('a clock that goes backwards makes nothing expire', () => {
      const { cache, clock } = onClock(policy, 2, 100);
      cache.put('a', 1); // t=1000
      clock.t = 500;
      expect(cache.get('a')).toBe(1);
      clock.t = 1_099;
      expect(cache.get('a')).toBe(1);
      clock.t = 1_100;
      expect(cache.get('a')).toBeUndefined();
    });

    it('agrees with the model on random sequences with a clock', () => {
      checkAgainstModel({
        setup: () => factorySetup(CacheFactory, EvictionPolicy, { policy, capacity: 3, defaultTtl: 50 }),
        steps: [
          getStep,
          putStep(fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined })),
          hasStep,
          peekStep,
          deleteStep,
          clearStep,
          sizeStep,
          advanceStep,
          purgeStep,
        ],
      });
    });
  });

  describe('the clock', () => {
    it('is never called when no entry has a finite TTL', () => {
      const now = vi.fn(() => 1_000);
      const cache = CacheFactory.create<string, number>(EvictionPolicy.LRU, { capacity: 2, now });
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.put('c', 3);
      cache.has('a');
      cache.peek('c');
      cache.delete('c');
      cache.purgeExpired();
      expect(now).not.toHaveBeenCalled();
      cache.put('d', 4, { ttl: 5 });
      expect(now).toHaveBeenCalled();
    });

    it('defaults to Date.now', () => {
      vi.useFakeTimers({ now: 10_000 });
      try {
        const cache = CacheFactory.create<string, number>(EvictionPolicy.FIFO, { capacity: 2, defaultTtl: 100 });
        cache.put('a', 1); // t=10000
        vi.setSystemTime(10_099);
        expect(cache.get('a')).toBe(1);
        vi.setSystemTime(10_100);
        expect(cache.get('a')).toBeUndefined();
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('bad TTLs and clocks', () => {
    test.each([0, -1, Number.NaN, Number.NEGATIVE_INFINITY])(
      'rejects defaultTtl %s with a RangeError naming defaultTtl',
      (defaultTtl) => {
        const create = () => CacheFactory.create(EvictionPolicy.LRU, { capacity: 2, defaultTtl });
        expect(create).toThrow(RangeError);
        expect(create).toThrow(/`defaultTtl`/);
        expect(create).toThrow(String(defaultTtl));
      },
    );

    test.each([
      ['a string', '100', 'string'],
      ['null', null, 'null'],
    ])('rejects defaultTtl as %s with a TypeError', (_label, defaultTtl, type) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => CacheFactory.create(EvictionPolicy.LRU, { capacity: 2, defaultTtl });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`defaultTtl`/);
      expect(create).toThrow(`(${type})`);
    });

    test.each([0, -5, Number.NaN])('rejects put with ttl %s (RangeError naming ttl) and changes nothing', (ttl) => {
      const { cache, clock } = onClock('LRU', 2);
      cache.put('a', 1, { ttl: 10 });
      cache.put('b', 2);
      clock.t = 1_050; // a expired, untouched
      expect(() => cache.put('c', 3, { ttl })).toThrow(RangeError);
      expect(() => cache.put('a', 3, { ttl })).toThrow(/`ttl`/);
      expect(cache.size).toBe(2); // nothing evicted, the expired a not removed
      expect([cache.get('b'), cache.has('c')]).toEqual([2, false]);
    });

    it('rejects put with a ttl that is not a number with a TypeError naming ttl', () => {
      const { cache } = onClock('LFU', 2);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl: '10' })).toThrow(TypeError);
      // @ts-expect-error: wrongly typed on purpose
      expect(() => cache.put('a', 1, { ttl: '10' })).toThrow(/`ttl`.*string/);
      expect(cache.size).toBe(0);
    });

    test.each([
      ['a number', 1_000],
      ['an object', {}],
    ])('rejects now as %s with a TypeError naming now', (_label, now) => {
      // @ts-expect-error: wrongly typed on purpose
      const create = () => CacheFactory.create(EvictionPolicy.FIFO, { capacity: 2, now });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(/`now`/);
    });
  });

  describe('custom policies', () => {
    it('plugs in an MRU policy written outside the cache, with no registration', () => {
      const cache = CacheFactory.create<string, number>(MRU, { capacity: 3 });
      for (const key of 'abc') cache.put(key, 0);
      cache.get('a'); // a is the most recently used
      cache.put('d', 0); // MRU evicts a
      expect([cache.policy, cache.has('a'), cache.has('b'), cache.has('c'), cache.has('d')]).toEqual([
        'MRU',
        false,
        true,
        true,
        true,
      ]);
      cache.put('e', 0); // d is the most recent now
      expect([cache.has('d'), cache.has('e'), cache.size]).toEqual([false, true, 3]);
    });

    it('plugs in a seeded random policy: the cache evicts exactly the keys the policy picks', () => {
      const cache = CacheFactory.create<number, number>(randomPolicy(42), { capacity: 4 });
      for (let key = 0; key < 20; key++) cache.put(key, key);
      // The same choices, made directly: a list with swap-remove, and the same generator.
      const random = mulberry32(42);
      const keys: number[] = [];
      for (let key = 0; key < 20; key++) {
        if (keys.length === 4) {
          const at = Math.floor(random() * keys.length);
          keys[at] = keys[keys.length - 1] as number;
          keys.pop();
        }
        keys.push(key);
      }
      const kept = Array.from({ length: 20 }, (_, key) => key).filter((key) => cache.has(key));
      expect(kept).toEqual([...keys].sort((a, b) => a - b));
      expect(cache.policy).toBe('Random(42)');
    });

    it('gives each cache its own tracker from createTracker', () => {
      const recording = recordingPolicy();
      const first = CacheFactory.create<string, number>(recording.policy, { capacity: 1 });
      const second = CacheFactory.create<string, number>(recording.policy, { capacity: 1 });
      first.put('a', 1);
      second.put('b', 2);
      first.put('c', 3); // first's tracker evicts a; second's must not know a
      expect([recording.trackers(), first.has('a'), first.has('c'), second.has('b')]).toEqual([2, false, true, true]);
    });

    describe('the calls the cache makes to the tracker', () => {
      function recorded(capacity: number) {
        const clock = { t: 0 };
        const recording = recordingPolicy();
        const cache = CacheFactory.create<string, number>(recording.policy, { capacity, now: () => clock.t });
        return { cache, clock, calls: recording.calls };
      }

      it('onInsert for a new key, onUpdate for a put on a held key, onAccess for a get hit', () => {
        const { cache, calls } = recorded(2);
        cache.put('a', 1);
        cache.put('a', 2);
        cache.get('a');
        expect(calls).toEqual([
          ['onInsert', 'a'],
          ['onUpdate', 'a'],
          ['onAccess', 'a'],
        ]);
      });

      it('does not tell the policy about has, peek, size, a get miss or a delete of an absent key', () => {
        const { cache, calls } = recorded(2);
        cache.put('a', 1);
        calls.length = 0;
        cache.has('a');
        cache.peek('a');
        void cache.size;
        cache.get('zz');
        cache.delete('zz');
        expect(calls).toEqual([]);
      });

      it('asks for a victim only when a new key arrives in a full cache, removes it, then inserts', () => {
        const { cache, calls } = recorded(2);
        cache.put('a', 1);
        cache.put('b', 2);
        cache.put('b', 3); // an update: no victim needed
        calls.length = 0;
        cache.put('c', 3);
        expect(calls).toEqual([
          ['victim', 'a'],
          ['onRemove', 'a'],
          ['onInsert', 'c'],
        ]);
      });

      it('onRemove for delete, for each key on clear, and for an expired entry touched', () => {
        const { cache, clock, calls } = recorded(3);
        cache.put('a', 1);
        cache.put('b', 2, { ttl: 10 });
        cache.put('c', 3);
        calls.length = 0;
        cache.delete('a');
        clock.t = 10;
        cache.get('b');
        expect(calls).toEqual([
          ['onRemove', 'a'],
          ['onRemove', 'b'],
        ]);
        calls.length = 0;
        cache.put('d', 4);
        cache.clear();
        expect(calls.slice(1).sort()).toEqual([
          ['onRemove', 'c'],
          ['onRemove', 'd'],
        ]);
      });

      it('onRemove for each entry purgeExpired removes', () => {
        const { cache, clock, calls } = recorded(3);
        cache.put('a', 1, { ttl: 5 });
        cache.put('b', 2);
        calls.length = 0;
        clock.t = 5;
        cache.purgeExpired();
        expect(calls).toEqual([['onRemove', 'a']]);
      });
    });

    describe('a misbehaving policy', () => {
      it('throws a PolicyError naming the policy and the key when the victim is not held, and changes nothing', () => {
        const { policy } = recordingPolicy({ victim: () => 'ghost' });
        const cache = CacheFactory.create<string, number>(policy, { capacity: 2 });
        cache.put('a', 1);
        cache.put('b', 2);
        expect(() => cache.put('c', 3)).toThrow(PolicyError);
        expect(() => cache.put('c', 3)).toThrow(/Recording.*ghost/);
        expect([cache.size, cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([2, true, true, false]);
      });

      it('PolicyError is a CacheError and an Error, with its own name', () => {
        const { policy } = recordingPolicy({ victim: () => 'ghost' });
        const cache = CacheFactory.create<string, number>(policy, { capacity: 1 });
        cache.put('a', 1);
        let caught: unknown;
        try {
          cache.put('b', 2);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(CacheError);
        expect(caught).toBeInstanceOf(Error);
        expect((caught as Error).name).toBe('PolicyError');
      });

      it("lets a tracker's own error propagate unchanged", () => {
        const failure = new Error('victim failed');
        const { policy } = recordingPolicy({
          victim: () => {
            throw failure;
          },
        });
        const cache = CacheFactory.create<string, number>(policy, { capacity: 1 });
        cache.put('a', 1);
        expect(() => cache.put('b', 2)).toThrow(failure);
        expect([cache.has('a'), cache.size]).toEqual([true, 1]);
      });
    });
  });
});

afterEach(() => {
  vi.useRealTimers();
});
