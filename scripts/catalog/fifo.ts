import type { Kata } from '../catalog.ts';

export const fifo: Kata = {
  id: 'fifo',
  title: 'FIFO cache',
  system: 'cache',
  difficulty: 'easy',
  summary: 'A fixed-capacity cache that evicts the oldest insertion, whatever was read since, with O(1) get and put.',
  related: ['lru', 'lfu', 'cache-factory'],
  levels: [
    {
      title: 'Core: get and put',
      minutes: [10, 15],
      hints: [
        {
          text: 'Two structures: a Map from key to entry for O(1) lookup, and a queue of keys in insertion order.',
        },
        {
          text: 'Only an insertion changes the queue: get touches nothing, and an update changes the value in place.',
          forTest: 'does not save a key',
        },
        {
          text: 'An update keeps the original position: do not remove and re-add the key.',
          forTest: 'keeps the original position of an updated key',
        },
        {
          text: 'A bare Map looks like a free queue (insertion order, `keys().next()` for the oldest), but in V8 the deleted slots at its front make that O(n); keep your own doubly linked list of nodes.',
          forTest: 'O(1)',
        },
      ],
    },
    {
      title: 'Inspection without side effects',
      minutes: [20, 30],
      hints: [
        {
          text: '`delete` removes from the middle of the queue: with a doubly linked list (prev and next) that is O(1).',
          forTest: 'delete',
        },
        {
          text: 'Iterate the list from the newest node; a generator (`*entries()`) keeps it short.',
          forTest: 'iteration',
        },
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
          text: 'One private "find live node" helper used by get, peek, has, delete and put removes expired entries in one place; a put on an expired key then inserts a new node at the front.',
          forTest: 'afresh',
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
