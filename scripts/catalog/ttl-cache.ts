import type { Kata } from '../catalog.ts';

export const ttlCache: Kata = {
  id: 'ttl-cache',
  title: 'TTL cache',
  system: 'cache',
  difficulty: 'medium',
  summary:
    'A cache whose entries expire: exact boundary, lazy expiry, honest size, and a sweep bounded per call by a min-heap on expiry.',
  related: ['lru', 'cache-factory'],
  levels: [
    {
      title: 'Core: set and get with a TTL',
      minutes: [15, 20],
      hints: [
        {
          text: 'Store an absolute `expiresAt = now() + ttl` per entry, computed once at set time; `Infinity` when it never expires.',
        },
        {
          text: 'An entry is live while `now() < expiresAt`; at exactly `expiresAt` it is expired.',
          forTest: 'exactly at t + ttl',
        },
        {
          text: 'Validate the ttl first, before touching the map: `typeof ttl !== "number"` is a TypeError, `!(ttl > 0)` a RangeError (it catches NaN too).',
          forTest: 'bad input',
        },
        {
          text: 'Only read the clock when the entry has a finite expiresAt: `Infinity` needs no comparison.',
          forTest: 'never called',
        },
      ],
    },
    {
      title: 'Lazy expiry, size and inspection',
      minutes: [15, 25],
      hints: [
        {
          text: 'One private "live entry for key" helper that deletes an expired entry it finds, used by get, has, delete, set and remainingTtl.',
          forTest: 'lazy expiry',
        },
        {
          text: '`size` is just the map size: expired entries count until something removes them.',
          forTest: 'still counts expired entries',
        },
        {
          text: 'A `Map` iterates in insertion order and keeps a key in place when you set it again: iterate it and skip the expired entries.',
          forTest: 'iteration',
        },
      ],
    },
    {
      title: 'Bounded active sweep',
      minutes: [25, 40],
      hints: [
        {
          text: 'You need the next entry to expire without scanning: keep the entries that can expire in a binary min-heap ordered by (expiresAt, set counter).',
          forTest: 'earliest expiry first',
        },
        {
          text: 'A sweep pops from the heap top while the top is expired and the limit is not reached; the first live top stops it.',
          forTest: 'removes at most',
        },
        {
          text: "Delete and re-set change an entry that sits inside the heap: store each entry's heap index in the entry, so you can sift it up or down (or remove it) in O(log n).",
          forTest: 'does not count deleted',
        },
        {
          text: 'In set: validate, remove the key itself if expired, sweep `sweepBatch`, then store.',
          forTest: 'set sweeps too',
        },
      ],
    },
    {
      title: 'Expiry listener',
      minutes: [15, 25],
      hints: [
        {
          text: 'Route every expiry through one private method that queues a notification; deletes and clears do not go through it.',
        },
        {
          text: 'Queue the notifications during the operation and deliver them at its end, so the listener sees a consistent cache.',
          forTest: 'the listener runs after the operation',
        },
        {
          text: 'Deliver in a loop with try/catch, remember the first error, rethrow it after the loop.',
          forTest: 'every notification is delivered',
        },
      ],
    },
  ],
};
