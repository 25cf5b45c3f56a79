/**
 * The model for the FIFO property tests: a plain array in insertion order, newest first, scanned on every step.
 * Only an insertion changes the order. Nothing like the real structure; it states the contract in the fewest
 * lines possible. The steps, and the rules for expiry, listener calls and stats that the cache katas share, are in
 * specs/support/cache-contract/model.ts; this file is the FIFO policy.
 */
import type { FIFOCache } from '../../katas/fifo/index.ts';
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

/** Newest insertion first. */
export type FifoModel = CacheModel<Entry>;
export type FifoReal = CacheReal<FIFOCache<Key, Value>>;

const fifo: ModelPolicy<Entry, FifoModel> = {
  use: () => {}, // a get hit or an update moves nothing: the entry keeps its place
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
} = cacheSteps<Entry, FifoModel, FIFOCache<Key, Value>>(fifo);

/** A fresh model and cache, plus the code that builds them (the first lines of a replay script). */
export function fifoSetup(
  FIFO: typeof FIFOCache,
  setup: CacheSetup,
): { model: FifoModel; real: FifoReal; header: string[] } {
  return cacheSetup(FIFO, 'FIFOCache', setup, (model: FifoModel) => model);
}
