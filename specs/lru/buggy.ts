/**
 * Known-buggy LRU caches: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'no-refresh-on-get',
    bug: 'get returns the value but leaves the key where it was in the recency order',
    killedBy: 'get › marks the key most recently used',
    patch: [['    this.#hits++;\n    this.#moveToFront(node);\n', '    this.#hits++;\n']],
  },
  {
    name: 'update-does-not-refresh',
    bug: 'put on an existing key changes the value but not the recency',
    killedBy: 'put › marks an updated key most recently used',
    patch: [['      this.#moveToFront(existing);\n', '']],
  },
  {
    name: 'has-refreshes',
    bug: 'has() moves the key to the front, like get',
    killedBy: 'has › does not change recency',
    patch: [
      [
        '    const found = this.#live(key) !== undefined;',
        '    const node = this.#live(key);\n    if (node !== undefined) this.#moveToFront(node);\n    const found = node !== undefined;',
      ],
    ],
  },
  {
    name: 'peek-refreshes',
    bug: 'peek() moves the key to the front, like get',
    killedBy: 'peek › does not change recency',
    patch: [
      ['    const node = this.#live(key);\n    this.#flush();\n    return node?.value;', '    return this.get(key);'],
    ],
  },
  {
    name: 'evicts-most-recent',
    bug: 'a full cache evicts the most recently used key instead of the least',
    killedBy: 'evicts the least recently used key when a new key arrives',
    patch: [['    const lru = this.#head.prev;', '    const lru = this.#head.next;']],
  },
  {
    name: 'capacity-off-by-one',
    bug: 'the cache holds capacity + 1 entries before it evicts',
    killedBy: 'evicts exactly one entry per new key',
    patch: [['this.#nodes.size >= this.#capacity', 'this.#nodes.size > this.#capacity']],
  },
  {
    name: 'linear-lookup',
    bug: 'every lookup walks the recency list instead of using the map: O(n) get and put',
    killedBy: 'O(1)',
    patch: [
      [
        '    const node = this.#nodes.get(key);\n    if (node === undefined || !this.#isExpired(node)) return node;',
        '    let node: Node<K, V> | undefined;\n    for (const candidate of this.#nodesFromFront()) {\n      if (candidate.key === key || (candidate.key !== candidate.key && key !== key)) {\n        node = candidate;\n        break;\n      }\n    }\n    if (node === undefined || !this.#isExpired(node)) return node;',
      ],
    ],
  },
  {
    name: 'linear-eviction',
    bug: 'eviction walks the list from the front to find the least recently used node: O(n) put on a full cache',
    killedBy: 'O(1)',
    patch: [
      [
        '    const lru = this.#head.prev;',
        '    let lru = this.#head.next;\n    while (lru.next !== this.#head) lru = lru.next;',
      ],
    ],
  },
  {
    name: 'map-reinsert',
    bug: 'recency kept in a Map by delete-and-reinsert, the oldest found with keys().next(): correct, but O(n) per eviction in V8',
    killedBy: 'O(1)',
    file: 'buggy/map-reinsert.ts',
  },
  {
    name: 'ttl-checked-after-changes',
    bug: 'put evicts (or removes an expired entry) before it validates the ttl, so a bad ttl still changes the cache',
    killedBy: 'changes nothing',
    patch: [
      [
        '    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    // Entries that never expire cost no clock read.\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;\n    const existing = this.#live(key);',
        '    const existing = this.#live(key);\n    if (existing === undefined && this.#nodes.size >= this.#capacity) this.#evictLeastRecent();\n    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;',
      ],
    ],
  },
  {
    name: 'undefined-value-is-a-miss',
    bug: 'get decides a miss by `value === undefined`, so a stored undefined is neither a hit nor refreshed',
    killedBy: 'counts a get of an undefined value as a hit that refreshes the key',
    patch: [
      [
        '    if (node === undefined) {\n      this.#misses++;',
        '    if (node === undefined || node.value === undefined) {\n      this.#misses++;',
      ],
    ],
  },
  {
    name: 'ttl-boundary-flipped',
    bug: 'an entry is still live at exactly t + ttl',
    killedBy: 'exactly at t + ttl',
    patch: [['node.expiresAt <= this.#now();', 'node.expiresAt < this.#now();']],
  },
  {
    name: 'update-keeps-old-expiry',
    bug: 'put on an existing key keeps its old expiry time',
    killedBy: 'put on an existing key restarts its TTL',
    patch: [['      existing.expiresAt = expiresAt;\n', '']],
  },
  {
    name: 'expired-entries-linger',
    bug: 'touching an expired entry hides it but does not remove it',
    killedBy: 'are removed when',
    patch: [["    this.#remove(node, 'expire');\n    return undefined;", '    return undefined;']],
  },
  {
    name: 'clock-always-read',
    bug: 'put reads the clock even when the entry can never expire',
    killedBy: 'is never called when no entry has a finite TTL',
    patch: [
      [
        'const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;',
        'const expiresAt = this.#now() + ttl;',
      ],
    ],
  },
  {
    name: 'expired-eviction-reported-as-evict',
    bug: "an expired entry removed to make room is reported with reason 'evict'",
    killedBy: "reports 'expire', not 'evict'",
    patch: [["this.#remove(lru, this.#isExpired(lru) ? 'expire' : 'evict');", "this.#remove(lru, 'evict');"]],
  },
  {
    name: 'set-reported-for-same-value',
    bug: "put of the same value reports a 'set'",
    killedBy: 'reports nothing when put stores the same value again',
    patch: [["if (!Object.is(old, value)) this.#notice(key, old, 'set');", "this.#notice(key, old, 'set');"]],
  },
  {
    name: 'listener-called-mid-operation',
    bug: 'the listener is called while the cache is half-way through put (the new entry is not in yet)',
    killedBy: 'runs after the operation finished',
    patch: [
      [
        'if (this.#onEvict !== undefined) this.#notices.push([key, value, reason]);',
        'this.#onEvict?.(key, value, reason);',
      ],
    ],
  },
  {
    name: 'listener-error-stops-delivery',
    bug: 'the first listener error is thrown at once and the remaining notifications are lost',
    killedBy: 'delivers every notification of an operation before rethrowing the first error',
    patch: [
      [
        '      try {\n        onEvict(key, value, reason);\n      } catch (error) {\n        failure ??= { error };\n      }',
        '      onEvict(key, value, reason);',
      ],
    ],
  },
];
