// Runs the shared L4 suite eventsContract (specs/support/cache-contract/events.ts: onEvict reasons, timing and
// errors, stats), with frequencyOf as one more touch; the tests below are LFU's own: which key is evicted, what
// counts a use, and the model run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventsContract, recorded } from '../support/cache-contract/events.ts';
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
  statsStep,
} from './model.ts';

const { LFUCache } = await loadKata<typeof import('../../katas/lfu/index.ts')>('lfu');

describe(level(4, 'Eviction listener and stats'), () => {
  eventsContract({
    Cache: LFUCache,
    moreTouches: [
      { touch: 'frequencyOf', act: (cache: InstanceType<typeof LFUCache<string, number>>) => cache.frequencyOf('a') },
    ],
  });

  describe('onEvict reasons', () => {
    it("reports 'evict' with the key and value removed to make room", () => {
      const { cache, events } = recorded(LFUCache, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.put('c', 3);
      expect(events).toEqual([['b', 2, 'evict']]);
    });

    it('reports nothing for a put of the same value, which still counts a use', () => {
      const { cache, events } = recorded(LFUCache, 2);
      cache.put('a', 1);
      cache.put('a', 1);
      expect([events, cache.frequencyOf('a')]).toEqual([[], 2]);
    });

    it("reports 'evict' for the least recently used key of the lowest frequency, once per new key", () => {
      const { cache, events } = recorded(LFUCache, 3);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.put('c', 3);
      cache.get('c');
      cache.get('a'); // b: frequency 1; c, a: frequency 2
      cache.put('d', 4); // evicts b
      cache.put('e', 5); // evicts d
      cache.get('e'); // e: frequency 2, the most recent
      cache.put('f', 6); // c, a, e at frequency 2: evicts c, the least recently used
      expect(events).toEqual([
        ['b', 2, 'evict'],
        ['d', 4, 'evict'],
        ['c', 3, 'evict'],
      ]);
    });
  });

  it('agrees with the naive model on listener calls and stats over random sequences', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => lfuSetup(LFUCache, { capacity: 3, ttl: 30, listener: true }),
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
        statsStep,
      ],
      maxSteps: 50,
    });
  });
});
