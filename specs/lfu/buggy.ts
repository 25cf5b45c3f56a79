/**
 * Known-buggy LFU caches: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'tie-broken-by-most-recent',
    bug: 'among the least frequent keys, eviction takes the most recently used instead of the least',
    killedBy: 'breaks a tie of frequency by evicting the least recently used',
    patch: [
      [
        'const victim = this.#buckets.higher.newer as Node<K, V>;',
        'const victim = this.#buckets.higher.older as Node<K, V>;',
      ],
    ],
  },
  {
    name: 'new-key-inserted-as-least-recent',
    bug: 'a new key joins frequency 1 at the least recent end, so it is the next victim of its tie (insertion order lost)',
    killedBy: 'breaks a tie of frequency 1 by evicting the oldest put',
    patch: [
      [
        '      appendNewest(bucket, node);\n      this.#nodes.set(key, node);',
        '      node.newer = bucket.newer;\n      node.older = bucket;\n      bucket.newer.older = node;\n      bucket.newer = node;\n      this.#nodes.set(key, node);',
      ],
    ],
  },
  {
    name: 'new-key-starts-at-0',
    bug: 'a new key starts at frequency 0, so every frequency reads one less than the number of uses',
    killedBy: 'is 1 for a key just put',
    patch: [
      ['this.#buckets = newBucket<K, V>(0);', 'this.#buckets = newBucket<K, V>(-1);'],
      [
        'const bucket = first.frequency === 1 ? first : this.#bucketAfter(this.#buckets, 1);',
        'const bucket = first.frequency === 0 ? first : this.#bucketAfter(this.#buckets, 0);',
      ],
    ],
  },
  {
    name: 'update-not-counted',
    bug: 'put on an existing key replaces the value and refreshes recency, but does not add to the frequency',
    killedBy: 'counts an update as a use, so the updated key outlives',
    patch: [
      ['      this.#use(existing);\n', '      unlinkNode(existing);\n      appendNewest(existing.bucket, existing);\n'],
    ],
  },
  {
    name: 'same-value-update-not-counted',
    bug: 'put of the value already stored is treated as a no-op and counts no use',
    killedBy: 'counts an update as a use even when the value is the same',
    patch: [['      this.#use(existing);\n', '      if (!Object.is(old, value)) this.#use(existing);\n']],
  },
  {
    name: 'min-frequency-not-reset-on-insert',
    bug: "LeetCode's classic slip: a new key does not make 1 the lowest frequency, so the next eviction still takes from the old minimum",
    killedBy: 'evicts a key of frequency 1 before an older key of higher frequency',
    patch: [
      [
        'const bucket = first.frequency === 1 ? first : this.#bucketAfter(this.#buckets, 1);',
        'const bucket = first.frequency === 1 ? first : this.#bucketAfter(first, 1);',
      ],
    ],
  },
  {
    name: 'has-counts-use',
    bug: 'has() counts a use, like get',
    killedBy: 'has › does not count a use',
    patch: [
      [
        '    const found = this.#live(key) !== undefined;',
        '    const node = this.#live(key);\n    if (node !== undefined) this.#use(node);\n    const found = node !== undefined;',
      ],
    ],
  },
  {
    name: 'peek-counts-use',
    bug: 'peek() counts a use, like get',
    killedBy: 'peek › does not count a use',
    patch: [
      ['    const node = this.#live(key);\n    this.#flush();\n    return node?.value;', '    return this.get(key);'],
    ],
  },
  {
    name: 'frequency-of-counts-use',
    bug: 'frequencyOf() reads the frequency and then counts a use',
    killedBy: 'does not count a use itself',
    patch: [
      [
        '    this.#flush();\n    return node?.bucket.frequency;',
        '    const frequency = node?.bucket.frequency;\n    if (node !== undefined) this.#use(node);\n    this.#flush();\n    return frequency;',
      ],
    ],
  },
  {
    name: 'capacity-off-by-one',
    bug: 'the cache holds capacity + 1 entries before it evicts',
    killedBy: 'evicts exactly one entry per new key',
    patch: [['this.#nodes.size >= this.#capacity', 'this.#nodes.size > this.#capacity']],
  },
  {
    name: 'empty-bucket-kept-on-use',
    bug: 'a use moves the node up but leaves its old bucket linked even when it is empty',
    killedBy: 'eviction',
    patch: [['    unlinkNode(node);\n    if (from.newer === from) unlinkBucket(from);\n', '    unlinkNode(node);\n']],
  },
  {
    name: 'clear-keeps-buckets',
    bug: 'clear() empties the map but leaves the frequency buckets linked, with the old nodes in them',
    killedBy: 'clear removes every entry and frequency',
    patch: [['    this.#buckets.higher = this.#buckets;\n    this.#buckets.lower = this.#buckets;\n', '']],
  },
  {
    name: 'scanning-eviction',
    bug: 'eviction walks every entry to find the least frequent, least recent one: correct, but O(n) per put on a full cache',
    killedBy: 'O(1)',
    patch: [
      [
        'const victim = this.#buckets.higher.newer as Node<K, V>;',
        'let victim = this.#buckets.higher.newer as Node<K, V>;\n    for (const node of this.#nodesInOrder()) victim = node;',
      ],
    ],
  },
  {
    name: 'iteration-lowest-frequency-first',
    bug: 'iteration walks the frequencies upwards, so the next victim comes first',
    killedBy: 'yields entries from highest to lowest frequency',
    patch: [
      [
        'for (let bucket = this.#buckets.lower; bucket !== this.#buckets; bucket = bucket.lower) {',
        'for (let bucket = this.#buckets.higher; bucket !== this.#buckets; bucket = bucket.higher) {',
      ],
    ],
  },
  {
    name: 'iteration-least-recent-first',
    bug: 'within one frequency, iteration yields the least recently used first',
    killedBy: 'yields entries from highest to lowest frequency',
    patch: [
      [
        'for (let node = bucket.older; node !== bucket; node = (node as Node<K, V>).older) yield node as Node<K, V>;',
        'for (let node = bucket.newer; node !== bucket; node = (node as Node<K, V>).newer) yield node as Node<K, V>;',
      ],
    ],
  },
  {
    name: 'expired-put-keeps-frequency',
    bug: 'put on an expired key revives it in place, keeping its old uses, instead of inserting it afresh',
    killedBy: 'put on an expired key inserts it afresh at frequency 1',
    patch: [
      [
        '    const existing = this.#live(key);\n    if (existing !== undefined) {',
        '    const existing = this.#nodes.get(key);\n    if (existing !== undefined) {',
      ],
    ],
  },
  {
    name: 'ttl-checked-after-changes',
    bug: 'put evicts (or removes an expired entry) before it validates the ttl, so a bad ttl still changes the cache',
    killedBy: 'changes nothing',
    patch: [
      [
        '    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    // Entries that never expire cost no clock read.\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;\n    const existing = this.#live(key);',
        '    const existing = this.#live(key);\n    if (existing === undefined && this.#nodes.size >= this.#capacity) this.#evictLeastFrequent();\n    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;',
      ],
    ],
  },
  {
    name: 'undefined-value-is-a-miss',
    bug: 'get decides a miss by `value === undefined`, so a stored undefined is neither a hit nor a use',
    killedBy: 'counts a get of an undefined value as a hit that counts a use',
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
    patch: [["this.#remove(victim, this.#isExpired(victim) ? 'expire' : 'evict');", "this.#remove(victim, 'evict');"]],
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
