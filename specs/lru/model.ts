/**
 * The model for the LRU property tests: a plain array, most recently used first, scanned on every step. Nothing
 * like the real structure; it states the contract in the fewest lines possible. The steps, and the rules for
 * expiry, listener calls and stats that the cache katas share, are in specs/support/cache-contract/model.ts; this
 * file is the LRU policy.
 */
import type { LRUCache } from '../../katas/lru/index.ts';
import {
  type CacheModel,
  type CacheReal,
  type CacheSetup,
  cacheSetup,
  cacheSteps,
  type Entry,
  expired,
  type Key,
  type ModelPolicy,
  type Value,
} from '../support/cache-contract/model.ts';

/** Most recently used first. */
export type LruModel = CacheModel<Entry>;
export type LruReal = CacheReal<LRUCache<Key, Value>>;

function toFront(model: LruModel, entry: Entry): void {
  model.entries = [entry, ...model.entries.filter((other) => other !== entry)];
}

const lru: ModelPolicy<Entry, LruModel> = {
  use: toFront,
  victim: (model) => model.entries.at(-1),
  insert: (model, key, value, expiresAt) => model.entries.unshift({ key, value, expiresAt }),
  live: (model) => model.entries.filter((entry) => !expired(model, entry)),
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
} = cacheSteps<Entry, LruModel, LRUCache<Key, Value>>(lru);

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function lruSetup(
  LRU: typeof LRUCache,
  setup: CacheSetup,
): { model: LruModel; real: LruReal; header: string[] } {
  return cacheSetup(LRU, 'LRUCache', setup, (model: LruModel) => model);
}
