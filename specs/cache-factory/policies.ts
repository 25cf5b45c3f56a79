/**
 * Custom eviction policies written the way a learner would write one: outside the cache, against the public
 * `EvictionPolicy` interface only. The level 2 spec plugs them in to prove the cache needs no change for a new
 * policy. Short rather than fast (each is O(n) somewhere), since they exist to test the cache.
 */
import type { EvictionPolicy, PolicyTracker } from '../../katas/cache-factory/index.ts';
import { mulberry32 } from '../support/random.ts';

/** Most recently used first: the opposite of LRU (good for cyclic scans larger than the cache). */
export const MRU: EvictionPolicy = {
  name: 'MRU',
  createTracker<K>(): PolicyTracker<K> {
    const order: K[] = []; // least recent first
    const drop = (key: K) => {
      const at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1);
    };
    const touch = (key: K) => {
      drop(key);
      order.push(key);
    };
    return { onInsert: touch, onAccess: touch, onUpdate: touch, onRemove: drop, victim: () => order.at(-1) as K };
  },
};

/** Random eviction with a seeded generator: each cache gets its own generator from the seed, so runs repeat. */
export function randomPolicy(seed: number): EvictionPolicy {
  return {
    name: `Random(${seed})`,
    createTracker<K>(): PolicyTracker<K> {
      const random = mulberry32(seed);
      const keys: K[] = [];
      const index = new Map<K, number>();
      const nothing = () => {};
      return {
        onInsert(key) {
          index.set(key, keys.length);
          keys.push(key);
        },
        onAccess: nothing,
        onUpdate: nothing,
        onRemove(key) {
          // Swap with the last key and pop: O(1), order does not matter for a random policy.
          const at = index.get(key);
          if (at === undefined) return;
          const last = keys.pop() as K;
          index.delete(key);
          if (at < keys.length) {
            keys[at] = last;
            index.set(last, at);
          }
        },
        victim: () => keys[Math.floor(random() * keys.length)] as K,
      };
    },
  };
}

export type Call = readonly [method: 'onInsert' | 'onAccess' | 'onUpdate' | 'onRemove' | 'victim', key: unknown];

/**
 * A FIFO policy that records every call the cache makes to it, to check the protocol: which event the cache reports
 * for which operation, and in what order. `victim` can be overridden to misbehave.
 */
export function recordingPolicy(options: { victim?: () => unknown } = {}) {
  const calls: Call[] = [];
  let trackers = 0;
  const policy: EvictionPolicy = {
    name: 'Recording',
    createTracker<K>(): PolicyTracker<K> {
      trackers++;
      const queue: K[] = [];
      return {
        onInsert(key) {
          calls.push(['onInsert', key]);
          queue.push(key);
        },
        onAccess: (key) => calls.push(['onAccess', key]),
        onUpdate: (key) => calls.push(['onUpdate', key]),
        onRemove(key) {
          calls.push(['onRemove', key]);
          const at = queue.indexOf(key);
          if (at >= 0) queue.splice(at, 1);
        },
        victim() {
          const key = (options.victim?.() ?? queue[0]) as K;
          calls.push(['victim', key]);
          return key;
        },
      };
    },
  };
  return { policy, calls, trackers: () => trackers };
}

export { mulberry32 };
