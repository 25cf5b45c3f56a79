// Runs the shared L3 suite ttlContract (specs/support/cache-contract/ttl.ts: the expiry instant, default and
// per-entry TTLs, expired entries, purgeExpired, the clock, bad TTLs), then the tests below, which are FIFO's own:
// an updated key keeps its place, which entry a full cache evicts, and the model run.
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
  fifoSetup,
  getStep,
  hasStep,
  inspectStep,
  peekStep,
  purgeStep,
  putStep,
} from './model.ts';

const { FIFOCache } = await loadKata<typeof import('../../katas/fifo/index.ts')>('fifo');

describe(level(3, 'Time to live'), () => {
  ttlContract({ Cache: FIFOCache, newestAs: 'the newest entry' });

  describe('default and per-entry TTL', () => {
    it('put on an existing key restarts its TTL but keeps its position', () => {
      const { cache, clock } = onClock(FIFOCache, 2, 100);
      cache.put('a', 1); // t=1000
      cache.put('b', 2);
      clock.t = 1_050;
      cache.put('a', 3); // t=1050: expires at 1150, still the oldest insertion
      expect([...cache.keys()]).toEqual(['b', 'a']);
      cache.put('c', 4); // evicts a
      expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([false, true, true]);
    });
  });

  describe('purgeExpired', () => {
    it('frees the room, so the next put evicts no live entry', () => {
      const { cache, clock } = onClock(FIFOCache, 2, 100);
      cache.put('live', 1, { ttl: Number.POSITIVE_INFINITY });
      cache.put('stale', 2);
      clock.t = 1_100;
      cache.purgeExpired();
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['new', 'live']);
    });
  });

  describe('a full cache', () => {
    it('evicts the oldest insertion even when an expired entry sits elsewhere', () => {
      const { cache, clock } = onClock(FIFOCache, 2);
      cache.put('live', 1); // never expires, and is the oldest
      cache.put('stale', 2, { ttl: 10 });
      clock.t = 1_010; // stale has expired but is the newest
      cache.put('new', 3);
      expect([cache.has('live'), cache.size]).toEqual([false, 2]);
      expect([...cache.keys()]).toEqual(['new']);
    });

    it('evicts an expired oldest entry like any other', () => {
      const { cache, clock } = onClock(FIFOCache, 2);
      cache.put('stale', 1, { ttl: 10 });
      cache.put('live', 2);
      clock.t = 1_010;
      cache.put('new', 3);
      expect([...cache.keys()]).toEqual(['new', 'live']);
    });
  });

  it('agrees with the insertion-order model on random sequences with a moving clock', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, 45, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => fifoSetup(FIFOCache, { capacity: 3, ttl: 30 }),
      steps: [getStep, putStep(ttls), hasStep, peekStep, deleteStep, clearStep, inspectStep, advanceStep, purgeStep],
      maxSteps: 50,
    });
  });
});
