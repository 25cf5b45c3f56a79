import type { Kata } from '../catalog.ts';

export const cacheFactory: Kata = {
  id: 'cache-factory',
  title: 'Cache factory: pluggable policies and single-flight loading',
  system: 'cache',
  difficulty: 'hard',
  summary:
    'One cache class whose eviction policy (LRU, LFU, FIFO or your own) is a strategy object, with TTL and a getOrLoad that shares one load among concurrent misses.',
  related: ['lru', 'lfu', 'fifo', 'ttl-cache'],
  levels: [
    {
      title: 'Factory and three policies',
      minutes: [20, 30],
      hints: [
        {
          text: 'The cache owns a Map of entries; the tracker owns only keys. The cache calls the tracker on insert, access, update and remove, and asks it for a victim when full.',
        },
        {
          text: 'LRU and FIFO can share one tracker: a Map from key to node plus a doubly linked list. They differ only in whether an access or update moves the node to the front.',
          forTest: 'FIFO',
        },
        {
          text: 'O(1) LFU: a doubly linked list of frequency buckets, each holding a recency list of keys. The lowest frequency is always the first bucket; a hit moves the key to the next bucket (create it if missing, drop the old one if empty).',
          forTest: 'LFU',
        },
        {
          text: 'Decide presence with the Map, never with `value === undefined`; call `has`/`peek` without telling the tracker.',
          forTest: 'does not tell the policy',
        },
      ],
    },
    {
      title: 'Expiry and custom policies',
      minutes: [20, 30],
      hints: [
        {
          text: 'Store an absolute `expiresAt` per entry (Infinity when it never expires); an entry is live while `now() < expiresAt`.',
          forTest: 'exactly at t + ttl',
        },
        {
          text: 'One private "find live entry" helper used by get, peek, has, delete and put removes expired entries (and tells the tracker) in one place.',
          forTest: 'removes an expired entry',
        },
        {
          text: 'A custom policy needs nothing from you beyond calling the tracker the same way for every policy; check that the victim is a key you hold before removing anything.',
          forTest: 'PolicyError',
        },
      ],
    },
    {
      title: 'Single-flight getOrLoad',
      minutes: [30, 45],
      hints: [
        {
          text: 'Keep a Map from key to the promise of its load in flight. A miss joins the promise that is there, or starts one and stores it.',
          forTest: 'shares one load',
        },
        {
          text: 'Remove the key from the in-flight map when the load settles — on failure too, so the rejection is not cached.',
          forTest: 'rejection',
        },
        {
          text: 'Make put, delete and clear remove the key from the in-flight map; when a load settles, store its value only if its flight is still the current one for the key.',
          forTest: 'during a load',
        },
      ],
    },
    {
      title: 'Timeouts, cancellation and stats',
      minutes: [30, 45],
      hints: [
        {
          text: 'Give each flight its own AbortController; pass its signal to the loader, and abort it with a LoadTimeoutError from a setTimeout you clear when the load settles.',
          forTest: 'LoadTimeoutError',
        },
        {
          text: 'Give each caller with a signal its own promise that follows the flight, and rejects early on abort; count the callers still waiting, and abort the flight when the count reaches zero.',
          forTest: 'every waiter',
        },
        {
          text: 'A caller without a signal can never leave: once one joins, the flight can no longer be abandoned.',
          forTest: 'without a signal',
        },
      ],
    },
  ],
};
