/**
 * Known-buggy TTL caches: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

const sweepLoop = `    while (removed < limit) {
      const top = heap[0];
      if (top === undefined || top.expiresAt > now) break;
      this.#expire(top);
      removed++;
    }`;

export const variants: readonly BuggyVariant[] = [
  {
    name: 'boundary-flipped',
    bug: 'an entry is still live at exactly t + ttl',
    killedBy: 'exactly at t + ttl',
    patch: [['entry.expiresAt <= this.#now();', 'entry.expiresAt < this.#now();']],
  },
  {
    name: 'sweep-boundary-flipped',
    bug: 'the sweep leaves an entry that expires exactly now, although get would call it expired',
    killedBy: 'removes an entry at exactly its expiry instant',
    patch: [['top.expiresAt > now) break;', 'top.expiresAt >= now) break;']],
  },
  {
    name: 'sweep-ignores-limit',
    bug: 'sweep removes every expired entry, whatever the limit',
    killedBy: 'removes at most limit=',
    patch: [['    while (removed < limit) {', '    for (;;) {']],
  },
  {
    name: 'sweep-scans-everything',
    bug: 'sweep looks at every entry, sorts the expired ones and removes the first `limit`: right answer, O(n) per call',
    killedBy: 'keeps a sweep that finds nothing expired O(1)',
    patch: [
      [
        sweepLoop,
        `    const doomed = [...this.#entries.values()]
      .filter((entry) => entry.expiresAt <= now)
      .sort((a, b) => (a.expiresAt === b.expiresAt ? a.seq - b.seq : a.expiresAt - b.expiresAt));
    for (const entry of doomed) {
      if (removed >= limit) break;
      this.#expire(entry);
      removed++;
    }`,
      ],
    ],
  },
  {
    name: 'fifo-sweep',
    bug: 'the sweep walks entries in insertion order and stops at the first live one, as if every entry had the same TTL',
    killedBy: 'removes the entry that expired first, whatever the insertion order',
    patch: [
      [
        sweepLoop,
        `    for (const entry of this.#entries.values()) {
      if (removed >= limit || entry.expiresAt > now) break;
      this.#expire(entry);
      removed++;
    }`,
      ],
    ],
  },
  {
    name: 'ties-reversed',
    bug: 'among equal expiry times, the sweep removes the entry set last first',
    killedBy: 'breaks ties between equal expiry times by the earlier set',
    patch: [['(a.expiresAt === b.expiresAt && a.seq < b.seq)', '(a.expiresAt === b.expiresAt && a.seq > b.seq)']],
  },
  {
    name: 'reset-keeps-old-seq',
    bug: 'a set on an existing key keeps its old place among entries with the same expiry time',
    killedBy: 'counts a re-set entry as set at the time of its last set',
    patch: [['      existing.seq = seq;\n', '']],
  },
  {
    name: 'heap-always-left-child',
    bug: 'sift-down always follows the left child, so the heap loses its order',
    killedBy: 'agrees with',
    patch: [
      [
        'const child = rightEntry !== undefined && this.#before(rightEntry, leftEntry) ? right : left;',
        'const child = rightEntry === undefined || rightEntry !== leftEntry ? left : right;',
      ],
    ],
  },
  {
    name: 'set-does-not-sweep',
    bug: 'only an explicit sweep() reclaims expired entries: a busy writer leaks memory',
    killedBy: 'a backlog of expired entries drains through sets alone',
    patch: [['    this.#sweep(this.#sweepBatch);\n', '']],
  },
  {
    name: 'set-sweeps-one',
    bug: 'set sweeps one expired entry instead of up to sweepBatch: a backlog never shrinks',
    killedBy: 'removes up to sweepBatch expired entries before it stores',
    patch: [['    this.#sweep(this.#sweepBatch);\n', '    this.#sweep(1);\n']],
  },
  {
    name: 'default-batch-not-8',
    bug: 'sweepBatch defaults to 10',
    killedBy: 'defaults sweepBatch to 8',
    patch: [['options.sweepBatch === undefined ? 8 :', 'options.sweepBatch === undefined ? 10 :']],
  },
  {
    name: 'update-keeps-old-expiry',
    bug: 'set on an existing key replaces the value but keeps the old expiry time',
    killedBy: 'set on an existing key restarts its TTL from now',
    patch: [['      this.#reschedule(existing, expiresAt);\n', '']],
  },
  {
    name: 'size-counts-live-only',
    bug: 'size scans the entries and counts the live ones: another meaning than the contract, and O(n)',
    killedBy: 'still counts expired entries that nothing has removed',
    patch: [
      [
        '    return this.#entries.size;',
        '    let live = 0;\n    for (const entry of this.#entries.values()) if (!this.#isExpired(entry)) live++;\n    return live;',
      ],
    ],
  },
  {
    name: 'expired-entries-linger',
    bug: 'touching an expired entry hides it but does not remove it',
    killedBy: 'drops when',
    patch: [['    this.#expire(entry);\n    return undefined;', '    return undefined;']],
  },
  {
    name: 'ttl-zero-accepted',
    bug: 'a ttl of 0 is accepted (an entry dead on arrival)',
    killedBy: 'the ttl option +0 throws',
    patch: [['  if (!(ttl > 0)) {', '  if (!(ttl >= 0)) {']],
  },
  {
    name: 'delete-expired-returns-true',
    bug: 'delete looks in the map without checking expiry, so deleting an expired key returns true',
    killedBy: 'delete of an expired key returns false',
    patch: [
      [
        '    const entry = this.#live(key);\n    if (entry !== undefined) this.#remove(entry);',
        '    const entry = this.#entries.get(key);\n    if (entry !== undefined) this.#remove(entry);',
      ],
    ],
  },
  {
    name: 'clock-always-read',
    bug: 'set reads the clock even when the entry can never expire',
    killedBy: 'is never called when no entry has a finite TTL',
    patch: [['const expiresAt = ttl === never ? never : this.#now() + ttl;', 'const expiresAt = this.#now() + ttl;']],
  },
  {
    name: 'delete-leaves-heap-record',
    bug: 'delete removes the key from the map but leaves it in the expiry heap, so a later sweep counts it',
    killedBy: 'does not count deleted or cleared entries',
    patch: [
      ['    if (entry !== undefined) this.#remove(entry);', '    if (entry !== undefined) this.#entries.delete(key);'],
    ],
  },
  {
    name: 'clear-keeps-heap',
    bug: 'clear empties the map but not the expiry heap',
    killedBy: 'does not count deleted or cleared entries',
    patch: [['    for (const entry of this.#heap) entry.slot = -1;\n    this.#heap.length = 0;\n', '']],
  },
  {
    name: 'remaining-is-absolute',
    bug: 'remainingTtl returns the absolute expiry time instead of the time left',
    killedBy: 'for an entry set at t=1000 with ttl 100',
    patch: [['return entry.expiresAt === never ? never : entry.expiresAt - this.#now();', 'return entry.expiresAt;']],
  },
  {
    name: 'limit-zero-rejected',
    bug: 'sweep(0) throws instead of removing nothing',
    killedBy: 'removes at most limit=+0',
    patch: [['(Number.isSafeInteger(limit) && limit >= 0)', '(Number.isSafeInteger(limit) && limit >= 1)']],
  },
  {
    name: 'listener-called-mid-operation',
    bug: 'the listener is called while set is half-way through (the new entry is not stored yet)',
    killedBy: 'after set, sees the new entry stored',
    patch: [
      ['if (this.#onExpire !== undefined) this.#expired.push(entry);', 'this.#onExpire?.(entry.key, entry.value);'],
    ],
  },
  {
    name: 'listener-error-stops-delivery',
    bug: 'the first listener error is thrown at once and the remaining notifications are lost',
    killedBy: 'every notification is delivered, then the first error is rethrown',
    patch: [
      [
        '      try {\n        onExpire(entry.key, entry.value);\n      } catch (error) {\n        failure ??= { error };\n      }',
        '      onExpire(entry.key, entry.value);',
      ],
    ],
  },
];
