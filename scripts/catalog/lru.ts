import type { Kata } from '../catalog.ts';

export const lru: Kata = {
  id: 'lru',
  title: 'LRU cache',
  system: 'cache',
  difficulty: 'medium',
  summary: 'A fixed-capacity cache that evicts the least recently used key, with O(1) get and put.',
  related: ['lfu', 'fifo', 'ttl-cache', 'cache-factory'],
  levels: [
    {
      title: 'Core: get and put',
      minutes: [10, 15],
      hints: [
        {
          text: 'Two structures: a Map from key to entry for O(1) lookup, and something that keeps entries in recency order.',
        },
        {
          text: 'Keep the order in a doubly linked list of nodes { key, value, prev, next }: moving a node to the front and removing the back are O(1).',
          forTest: 'marks the key most recently used',
        },
        {
          text: 'A sentinel head node whose prev is the least recent and next the most recent removes every null check.',
          forTest: 'evicts the least recently used key',
        },
        {
          text: 'Store the key in the node: when you evict the back node you must also delete its key from the Map.',
          forTest: 'O(1)',
        },
      ],
    },
    {
      title: 'Inspection without side effects',
      minutes: [20, 30],
      hints: [
        {
          text: '`has` and `peek` look in the Map only; they must not touch the list.',
          forTest: 'does not change recency',
        },
        { text: 'Iterate the list from the front; a generator (`*entries()`) keeps it short.', forTest: 'iteration' },
        {
          text: 'A Map compares keys with SameValueZero already; a plain object would not (`__proto__`, `1` vs `"1"`).',
          forTest: 'ordinary key',
        },
        {
          text: 'Decide presence with the Map, never with `value === undefined`.',
          forTest: 'undefined',
        },
      ],
    },
    {
      title: 'Time to live',
      minutes: [30, 60],
      hints: [
        {
          text: 'Store an absolute `expiresAt` per entry (Infinity when it never expires), computed once at put time.',
        },
        {
          text: 'An entry is live while `now() < expiresAt`; at exactly `expiresAt` it is expired.',
          forTest: 'exactly at t + ttl',
        },
        {
          text: 'One private "find live node" helper used by get, peek, has, delete and put removes expired entries in one place.',
          forTest: 'are removed when',
        },
        {
          text: 'Read the clock only when the entry has a finite expiresAt; Infinity needs no comparison.',
          forTest: 'never called',
        },
      ],
    },
    {
      title: 'Eviction listener and stats',
      minutes: [30, 60],
      hints: [
        { text: 'Route every removal through one private `remove(node, reason)` that updates the counters.' },
        {
          text: 'Collect the notifications during the operation and deliver them at its end, so the cache is consistent when the listener runs.',
          forTest: 'runs after the operation',
        },
        {
          text: 'Deliver every queued notification in a loop with try/catch; remember the first error and rethrow it after the loop.',
          forTest: 'delivers every notification',
        },
      ],
    },
  ],
};
