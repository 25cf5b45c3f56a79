// Runs the shared L3 suite ttlContract (specs/support/cache-contract/ttl.ts: the expiry instant, default and
// per-entry TTLs, expired entries, purgeExpired, the clock, bad TTLs), then the tests below, which are LRU's own:
// which entry a full cache evicts, and the model run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onClock, ttlContract } from '../support/cache-contract/ttl.ts';
import { loadKata } from '../support/kata.ts';
import { level } from '../support/level.ts';
import { checkAgainstModel } from '../support/model.ts';
import {
  advanceStep,
  clearStep,
  deleteStep,
  getStep,
  hasStep,
  inspectStep,
  lruSetup,
  peekStep,
  purgeStep,
  putStep,
} from './model.ts';

const { LRUCache } = await loadKata<typeof import('../../katas/lru/index.ts')>('lru');

describe(level(3, 'Time to live'), () => {
  ttlContract({ Cache: LRUCache, newestAs: 'the most recent' });

  describe('purgeExpired', () => {
    it('frees the room, so the next put evicts no live entry', () => {
      const { cache, clock } = onClock(LRUCache, 2, 100);
      cache.put('live', 1, { ttl: Number.POSITIVE_INFINITY });
      cache.put('stale', 2);
      cache.get('stale'); // stale is the most recent
      clock.t = 1_100;
      cache.purgeExpired();
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['new', 'live']);
    });
  });

  describe('a full cache', () => {
    it('evicts the least recently used entry even when an expired entry sits elsewhere', () => {
      const { cache, clock } = onClock(LRUCache, 2);
      cache.put('live', 1); // never expires, and becomes the least recent
      cache.put('stale', 2, { ttl: 10 });
      clock.t = 1_010; // stale has expired but is the most recent
      cache.put('new', 3);
      expect([cache.has('live'), cache.size]).toEqual([false, 2]);
      expect([...cache.keys()]).toEqual(['new']);
    });

    it('evicts an expired least recent entry like any other', () => {
      const { cache, clock } = onClock(LRUCache, 2);
      cache.put('stale', 1, { ttl: 10 });
      cache.put('live', 2);
      clock.t = 1_010;
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['new', 'live']);
    });
  });

  it('agrees with the array model on random sequences with a moving clock', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, 45, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => lruSetup(LRUCache, { capacity: 3, ttl: 30 }),
      steps: [getStep, putStep(ttls), hasStep, peekStep, deleteStep, clearStep, inspectStep, advanceStep, purgeStep],
      maxSteps: 50,
    });
  });
});
