// Runs the shared L4 suite eventsContract (specs/support/cache-contract/events.ts: onEvict reasons, timing and
// errors, stats), then the tests below, which are LRU's own: which key is evicted, and the model run.
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
  getStep,
  hasStep,
  inspectStep,
  lruSetup,
  peekStep,
  purgeStep,
  putStep,
  statsStep,
} from './model.ts';

const { LRUCache } = await loadKata<typeof import('../../katas/lru/index.ts')>('lru');

describe(level(4, 'Eviction listener and stats'), () => {
  eventsContract({ Cache: LRUCache });

  describe('onEvict reasons', () => {
    it("reports 'evict' with the key and value removed to make room", () => {
      const { cache, events } = recorded(LRUCache, 2);
      cache.put('a', 1);
      cache.put('b', 2);
      cache.get('a');
      cache.put('c', 3);
      expect(events).toEqual([['b', 2, 'evict']]);
    });
  });

  it('agrees with the array model on listener calls and stats over random sequences', () => {
    const ttls = fc.option(fc.constantFrom(5, 20, Number.POSITIVE_INFINITY), { nil: undefined });
    checkAgainstModel({
      setup: () => lruSetup(LRUCache, { capacity: 3, ttl: 30, listener: true }),
      steps: [
        getStep,
        putStep(ttls),
        hasStep,
        peekStep,
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
