// Runs the shared L3 suite ttlContract (specs/support/cache-contract/ttl.ts: the expiry instant, default and
// per-entry TTLs, expired entries, purgeExpired, the clock, bad TTLs), with frequencyOf as one more read; the tests
// below are LFU's own: an expired key put again starts at frequency 1, which entry a full cache evicts, a refused
// put counts no use, and the model run.
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { badTtls, onClock, ttlContract } from '../support/cache-contract/ttl.ts';
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

describe(level(3, 'Time to live'), () => {
  ttlContract({
    Cache: LFUCache,
    moreReads: [
      {
        name: 'frequencyOf',
        read: (cache: InstanceType<typeof LFUCache<string, number>>, key) => cache.frequencyOf(key),
        missing: undefined,
      },
    ],
  });

  describe('expired entries', () => {
    it('put on an expired key inserts it afresh at frequency 1, with a new TTL', () => {
      const { cache, clock } = onClock(LFUCache, 2, 100);
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
      const { cache, clock } = onClock(LFUCache, 2, 100);
      cache.put('a', 1);
      for (let i = 0; i < 5; i++) cache.get('a'); // a: frequency 6
      cache.put('b', 2, { ttl: Number.POSITIVE_INFINITY });
      cache.get('b'); // b: frequency 2
      clock.t = 1_100; // a expired
      cache.put('a', 3); // a: frequency 1 again
      cache.put('c', 4); // evicts a, not b
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
    });
  });

  describe('purgeExpired', () => {
    it('frees the room, so the next put evicts no live entry', () => {
      const { cache, clock } = onClock(LFUCache, 2, 100);
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
      const { cache, clock } = onClock(LFUCache, 2);
      cache.put('live', 1); // never expires, frequency 1
      cache.put('stale', 2, { ttl: 10 });
      cache.get('stale'); // frequency 2
      clock.t = 1_010; // stale has expired but has the higher frequency
      cache.put('new', 3);
      expect([cache.has('live'), cache.size]).toEqual([false, 2]);
      expect([...cache.keys()]).toEqual(['new']);
    });

    it('evicts an expired least frequent entry like any other', () => {
      const { cache, clock } = onClock(LFUCache, 2);
      cache.put('stale', 1, { ttl: 10 });
      cache.put('live', 2);
      cache.get('live');
      clock.t = 1_010;
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['live', 'new']);
    });
  });

  describe('bad TTLs', () => {
    test.each(badTtls)('put with ttl $ttl on an existing key counts no use', ({ ttl, error }) => {
      const cache = new LFUCache<string, number>(2, { now: () => 0 });
      cache.put('a', 1);
      // @ts-expect-error: some are wrongly typed on purpose
      expect(() => cache.put('a', 2, { ttl })).toThrow(error);
      expect([cache.frequencyOf('a'), cache.peek('a')]).toEqual([1, 1]);
    });
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
