/**
 * Known-buggy FIFO caches: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

/** Moves `node` to the front of the list: the LRU habit a FIFO must not have. */
const toFront = (node: string) =>
  `    if (this.#head.next !== ${node}) {\n` +
  `      ${node}.prev.next = ${node}.next;\n` +
  `      ${node}.next.prev = ${node}.prev;\n` +
  `      ${node}.prev = this.#head;\n` +
  `      ${node}.next = this.#head.next;\n` +
  `      this.#head.next.prev = ${node};\n` +
  `      this.#head.next = ${node};\n` +
  '    }\n';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'refresh-on-get',
    bug: 'get moves the key to the front, as an LRU does, so a hit saves it from eviction',
    killedBy: 'does not save a key from eviction',
    patch: [['    // No reordering: a hit does not save a key from eviction (that would be LRU).\n', toFront('node')]],
  },
  {
    name: 'update-reinserts',
    bug: 'put on an existing key moves it to the front, as if it were a new insertion',
    killedBy: 'keeps the original position of an updated key',
    patch: [
      [
        "      // An update keeps the key's place in the queue: its insertion time is when it was first put.\n",
        toFront('existing'),
      ],
    ],
  },
  {
    name: 'peek-refreshes',
    bug: 'peek moves the key to the front',
    killedBy: 'peek › does not change the order',
    patch: [
      [
        '    const node = this.#live(key);\n    this.#flush();\n    return node?.value;',
        `    const node = this.#live(key);\n    if (node !== undefined) {\n  ${toFront('node').trim()}\n    }\n    this.#flush();\n    return node?.value;`,
      ],
    ],
  },
  {
    name: 'evicts-newest',
    bug: 'a full cache evicts the newest insertion instead of the oldest (a stack, not a queue)',
    killedBy: 'evicts the oldest insertion when a new key arrives',
    patch: [['    const oldest = this.#head.prev;', '    const oldest = this.#head.next;']],
  },
  {
    name: 'capacity-off-by-one',
    bug: 'the cache holds capacity + 1 entries before it evicts',
    killedBy: 'evicts exactly one entry per new key',
    patch: [['this.#nodes.size >= this.#capacity', 'this.#nodes.size > this.#capacity']],
  },
  {
    name: 'iteration-oldest-first',
    bug: 'iteration yields the oldest insertion first',
    killedBy: 'yields entries from the newest insertion to the oldest',
    patch: [
      [
        'for (let node = this.#head.next; node !== this.#head; node = node.next) yield node;',
        'for (let node = this.#head.prev; node !== this.#head; node = node.prev) yield node;',
      ],
    ],
  },
  {
    name: 'half-unlinked-delete',
    bug: 'removing a node fixes the forward link but not the backward one, so the queue order breaks after a delete',
    killedBy: 'delete',
    patch: [
      [
        '    node.prev.next = node.next;\n    node.next.prev = node.prev;\n    this.#nodes.delete',
        '    node.prev.next = node.next;\n    this.#nodes.delete',
      ],
    ],
  },
  {
    name: 'clear-keeps-list',
    bug: 'clear() empties the map but leaves the old nodes linked in the queue',
    killedBy: 'clear removes every entry',
    patch: [['    this.#head.next = this.#head;\n    this.#head.prev = this.#head;\n', '']],
  },
  {
    name: 'expired-put-updates-in-place',
    bug: 'put on an expired key revives it in its old position instead of inserting it afresh as the newest',
    killedBy: 'put on an expired key inserts it afresh as the newest entry',
    patch: [
      [
        '    const existing = this.#live(key);\n    if (existing !== undefined) {',
        '    const existing = this.#nodes.get(key);\n    if (existing !== undefined) {',
      ],
    ],
  },
  {
    name: 'linear-lookup',
    bug: 'every lookup walks the queue instead of using the map: O(n) get and put',
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
    bug: 'eviction walks the list from the newest to find the oldest node: O(n) put on a full cache',
    killedBy: 'O(1)',
    patch: [
      [
        '    const oldest = this.#head.prev;',
        '    let oldest = this.#head.next;\n    while (oldest.next !== this.#head) oldest = oldest.next;',
      ],
    ],
  },
  {
    name: 'map-queue',
    bug: 'the queue is a bare Map (insertion order), the oldest found with keys().next(): correct, but O(n) per eviction in V8',
    killedBy: 'keeps eviction O(1)',
    file: 'buggy/map-queue.ts',
  },
  {
    name: 'ttl-checked-after-changes',
    bug: 'put evicts (or removes an expired entry) before it validates the ttl, so a bad ttl still changes the cache',
    killedBy: 'changes nothing',
    patch: [
      [
        '    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    // Entries that never expire cost no clock read.\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;\n    const existing = this.#live(key);',
        '    const existing = this.#live(key);\n    if (existing === undefined && this.#nodes.size >= this.#capacity) this.#evictOldest();\n    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl(options.ttl);\n    const expiresAt = ttl === Number.POSITIVE_INFINITY ? ttl : this.#now() + ttl;',
      ],
    ],
  },
  {
    name: 'undefined-value-is-a-miss',
    bug: 'get decides a miss by `value === undefined`, so a stored undefined counts as a miss',
    killedBy: 'counts a get of an undefined value as a hit',
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
    patch: [["this.#remove(oldest, this.#isExpired(oldest) ? 'expire' : 'evict');", "this.#remove(oldest, 'evict');"]],
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
