import type { Kata } from '../catalog.ts';

export const lfu: Kata = {
  id: 'lfu',
  title: 'LFU cache',
  system: 'cache',
  difficulty: 'hard',
  summary:
    'A fixed-capacity cache that evicts the least frequently used key (least recently used among ties), with O(1) get and put.',
  related: ['lru', 'fifo', 'cache-factory'],
  levels: [
    {
      title: 'Core: get and put',
      minutes: [15, 25],
      hints: [
        {
          text: 'Count uses per key. A new key has been used once (frequency 1); a get hit and a put of an existing key each add one.',
        },
        {
          text: 'Group the keys by frequency, and keep each group in recency order (a doubly linked list): the victim is the least recent node of the lowest group.',
          forTest: 'breaks a tie of frequency',
        },
        {
          text: 'A new key always has frequency 1, the lowest possible: after an insert, 1 is the minimum frequency.',
          forTest: 'evicts a key of frequency 1 before an older key of higher frequency',
        },
        {
          text: 'Keep the frequency groups themselves in a doubly linked list in increasing frequency: a use moves a node from group f to group f + 1, which is the next group or a new one inserted right after; an emptied group is unlinked. Everything is O(1), and the first group is always the minimum.',
          forTest: 'O(1)',
        },
      ],
    },
    {
      title: 'Inspection without side effects',
      minutes: [20, 30],
      hints: [
        {
          text: '`has`, `peek` and `frequencyOf` look in the Map only; they must not move the node.',
          forTest: 'does not count a use',
        },
        {
          text: 'A `minFrequency` counter goes stale when `delete` empties the lowest group; a linked list of groups never does.',
          forTest: 'of the only key at the lowest frequency',
        },
        {
          text: 'Iterate the groups from the highest frequency down, and each group from its most recent node.',
          forTest: 'iteration',
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
          text: 'One private "find live node" helper used by every method that takes a key removes expired entries in one place; a put on an expired key then inserts a new node at frequency 1.',
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
