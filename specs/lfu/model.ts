/**
 * The model for the LFU property tests: a plain array of `{ key, value, frequency, lastUse }`, scanned on every
 * step. The victim is found the naive way: the lowest frequency, then the oldest `lastUse`. Nothing like the
 * real structure (no buckets, no lists); it states the contract in the fewest lines possible. The steps, and the
 * rules for expiry, listener calls and stats that the cache katas share, are in specs/support/cache-contract/model.ts;
 * this file is the LFU policy and the `frequencyOf` step.
 */
import type { LFUCache } from '../../katas/lfu/index.ts';
import {
  type CacheModel,
  type CacheReal,
  type CacheSetup,
  cacheSetup,
  cacheSteps,
  checkEvents,
  type Entry,
  expired,
  type Key,
  keyArb,
  type ModelPolicy,
  touch,
  type Value,
} from '../support/cache-contract/model.ts';
import type { Step } from '../support/model.ts';

interface LfuEntry extends Entry {
  frequency: number;
  /** The value of the model's use counter at the entry's last get/put: larger is more recent. */
  lastUse: number;
}

/** Entries in no particular order. */
export interface LfuModel extends CacheModel<LfuEntry> {
  /** Counts every use (get hit or put), to order uses in time. */
  uses: number;
}

export type LfuReal = CacheReal<LFUCache<Key, Value>>;

function use(model: LfuModel, entry: LfuEntry): void {
  entry.frequency++;
  entry.lastUse = ++model.uses;
}

/** The next victim: the lowest frequency, and among those the oldest use. */
function victim(model: LfuModel): LfuEntry | undefined {
  let chosen: LfuEntry | undefined;
  for (const entry of model.entries) {
    if (
      chosen === undefined ||
      entry.frequency < chosen.frequency ||
      (entry.frequency === chosen.frequency && entry.lastUse < chosen.lastUse)
    ) {
      chosen = entry;
    }
  }
  return chosen;
}

/** Live entries in the contract's iteration order: highest frequency first, then most recent use first. */
function inOrder(model: LfuModel): LfuEntry[] {
  return model.entries
    .filter((entry) => !expired(model, entry))
    .sort((a, b) => b.frequency - a.frequency || b.lastUse - a.lastUse);
}

const lfu: ModelPolicy<LfuEntry, LfuModel> = {
  use,
  victim,
  insert: (model, key, value, expiresAt) =>
    model.entries.push({ key, value, expiresAt, frequency: 1, lastUse: ++model.uses }),
  live: inOrder,
};

export const {
  getStep,
  putStep,
  hasStep,
  peekStep,
  deleteStep,
  clearStep,
  inspectStep,
  advanceStep,
  purgeStep,
  statsStep,
} = cacheSteps<LfuEntry, LfuModel, LFUCache<Key, Value>>(lfu);

export const frequencyStep = keyArb.map(
  (key): Step<LfuModel, LfuReal> => ({
    toString: () => `frequencyOf(${key})`,
    run(model, real, script) {
      const expected = touch(model, key)?.frequency;
      script.expect(`cache.frequencyOf(${key})`, () => real.cache.frequencyOf(key), expected);
      checkEvents(model, real, script);
    },
  }),
);

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function lfuSetup(
  LFU: typeof LFUCache,
  setup: CacheSetup,
): { model: LfuModel; real: LfuReal; header: string[] } {
  return cacheSetup(LFU, 'LFUCache', setup, (model: CacheModel<LfuEntry>): LfuModel => ({ ...model, uses: 0 }));
}
