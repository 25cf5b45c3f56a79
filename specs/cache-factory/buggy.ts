/**
 * Known-buggy cache factories: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

const listAccess = '  onAccess(key: K): void {\n    if (this.#moveOnUse) this.#toFront(key);\n  }';
const listUpdate = '  onUpdate(key: K): void {\n    if (this.#moveOnUse) this.#toFront(key);\n  }';
const lfuUpdate = '  onUpdate(key: K): void {\n    this.#promote(key);\n  }';

export const variants: readonly BuggyVariant[] = [
  // Level 1: the policies.
  {
    name: 'lru-get-does-not-refresh',
    bug: 'the LRU tracker ignores reads, so it behaves like FIFO on get',
    killedBy: 'a get saves a key from the next eviction',
    patch: [[listAccess, '  onAccess(key: K): void {\n    void key;\n  }']],
  },
  {
    name: 'lru-evicts-most-recent',
    bug: 'the list tracker names the front of the list (the newest) as the victim',
    killedBy: 'evicts the least recently used key',
    patch: [['    return this.#head.prev.key;', '    return this.#head.next.key;']],
  },
  {
    name: 'fifo-refreshes-on-get',
    bug: 'FIFO moves a key to the back of the queue when it is read, which makes it LRU',
    killedBy: 'a get does not save a key from eviction',
    patch: [[listAccess, '  onAccess(key: K): void {\n    this.#toFront(key);\n  }']],
  },
  {
    name: 'fifo-update-reinserts',
    bug: 'FIFO treats an update as a new insertion and moves the key to the back of the queue',
    killedBy: 'an update keeps the original position',
    patch: [[listUpdate, '  onUpdate(key: K): void {\n    this.#toFront(key);\n  }']],
  },
  {
    name: 'lfu-put-does-not-count',
    bug: 'LFU counts get but not a put on an existing key',
    killedBy: 'counts a put on an existing key as a use',
    patch: [[lfuUpdate, '  onUpdate(key: K): void {\n    void key;\n  }']],
  },
  {
    name: 'lfu-tie-not-by-recency',
    bug: 'a promoted key joins the back of its new bucket, so a frequency tie is not broken by least recent use',
    killedBy: 'breaks a frequency tie by evicting the least recently used',
    patch: [
      [
        '    pushFront(to.keys, node);',
        '    node.next = to.keys;\n    node.prev = to.keys.prev;\n    to.keys.prev.next = node;\n    to.keys.prev = node;',
      ],
    ],
  },
  {
    name: 'lfu-empty-bucket-kept',
    bug: 'LFU leaves an empty frequency bucket in place, so after a delete the minimum frequency points at nothing',
    killedBy: 'keeps the minimum right when the lowest-frequency key is deleted',
    patch: [
      [
        '    if (bucket.keys.next === bucket.keys) {\n      bucket.prev.next = bucket.next;\n      bucket.next.prev = bucket.prev;\n    }',
        '',
      ],
    ],
  },
  {
    name: 'lfu-scans-for-minimum',
    bug: 'LFU finds the lowest frequency by scanning every key: right answer, O(n) per eviction',
    killedBy: 'O(1)',
    patch: [
      [
        '    return this.#head.next.keys.prev.key;',
        '    let lowest: LfuNode<K> | undefined;\n    for (const node of this.#nodes.values()) {\n      if (lowest === undefined || node.bucket.frequency < lowest.bucket.frequency) lowest = node;\n    }\n    return (lowest?.bucket ?? this.#head.next).keys.prev.key;',
      ],
    ],
  },
  {
    name: 'capacity-off-by-one',
    bug: 'the cache holds capacity + 1 entries before it evicts',
    killedBy: 'holds exactly `capacity` entries',
    patch: [['this.#entries.size >= this.#capacity', 'this.#entries.size > this.#capacity']],
  },
  {
    name: 'has-tells-policy',
    bug: 'has() reports an access to the policy, like get',
    killedBy: 'has and peek do not change recency',
    patch: [
      [
        '    return this.#live(key) !== undefined;',
        '    const found = this.#live(key) !== undefined;\n    if (found) this.#tracker.onAccess(key);\n    return found;',
      ],
    ],
  },
  // Level 2: expiry and the tracker protocol.
  {
    name: 'ttl-boundary-flipped',
    bug: 'an entry is still live at exactly t + ttl',
    killedBy: 'exactly at t + ttl',
    patch: [['entry.expiresAt <= this.#now();', 'entry.expiresAt < this.#now();']],
  },
  {
    name: 'update-keeps-old-expiry',
    bug: 'put on an existing key keeps its old expiry time',
    killedBy: 'an updating put restarts the TTL',
    patch: [['      existing.expiresAt = expiresAt;\n', '']],
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
    name: 'expired-entry-not-removed-from-policy',
    bug: 'an expired entry touched is dropped from the map but the tracker is never told',
    killedBy: 'onRemove for delete, for each key on clear, and for an expired entry touched',
    patch: [
      [
        '    this.#remove(key);\n    this.#expirations++;\n    return undefined;',
        '    this.#entries.delete(key);\n    this.#expirations++;\n    return undefined;',
      ],
    ],
  },
  {
    name: 'ttl-checked-after-changes',
    bug: 'put evicts (or removes an expired entry) before it validates the ttl, so a bad ttl still changes the cache',
    killedBy: 'changes nothing',
    patch: [
      [
        "    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl('ttl', options.ttl);\n    this.#flights.delete(key);",
        "    if (this.#live(key) === undefined && this.#entries.size >= this.#capacity) this.#evict();\n    const ttl = options.ttl === undefined ? this.#defaultTtl : checkTtl('ttl', options.ttl);\n    this.#flights.delete(key);",
      ],
    ],
  },
  {
    name: 'victim-trusted',
    bug: 'the cache removes whatever key the policy names without checking it holds it, and inserts anyway',
    killedBy: 'throws a PolicyError naming the policy and the key',
    patch: [
      [
        '    if (entry === undefined) {\n      throw new PolicyError(',
        '    if (entry === undefined) {\n      this.#remove(victim);\n      return;\n    }\n    if (entry === undefined) {\n      throw new PolicyError(',
      ],
    ],
  },
  // Level 3: single flight and invalidation.
  {
    name: 'no-single-flight',
    bug: 'every miss starts its own load, even while one for the same key is in flight',
    killedBy: 'shares one load among concurrent callers',
    patch: [
      [
        'const flight = this.#flights.get(key) ?? this.#startLoad(key, loader);',
        'const flight = this.#startLoad(key, loader);',
      ],
    ],
  },
  {
    name: 'rejection-cached',
    bug: 'a failed load stays in the in-flight map, so every later call gets the same rejection',
    killedBy: 'does not remember a rejection',
    patch: [['      if (current) this.#flights.delete(key);', '      if (current && ok) this.#flights.delete(key);']],
  },
  {
    name: 'stale-load-overwrites',
    bug: 'a load stores its value even after a put or delete of the key during the load',
    killedBy: 'put during a load: waiters get the loaded value, the cache keeps the value put',
    patch: [
      [
        '        if (current) this.#store(key, outcome as V, this.#defaultTtl);',
        '        this.#store(key, outcome as V, this.#defaultTtl);',
      ],
    ],
  },
  {
    name: 'delete-does-not-detach',
    bug: 'delete leaves the load in flight attached: the next caller joins the stale load',
    killedBy: 'delete during a load',
    patch: [['  delete(key: K): boolean {\n    this.#flights.delete(key);\n', '  delete(key: K): boolean {\n']],
  },
  {
    name: 'clear-does-not-detach',
    bug: 'clear empties the entries but not the loads in flight, so a stale load refills the cache',
    killedBy: 'clear during a load',
    patch: [['    this.#flights.clear();\n', '']],
  },
  {
    name: 'sync-throw-leaks-flight',
    bug: 'a loader that throws synchronously leaves its flight registered, so later callers wait forever',
    killedBy: 'turns a loader that throws synchronously into a rejection',
    patch: [
      [
        '    try {\n      pending = loader(key, { signal: controller.signal });\n    } catch (error) {\n      pending = Promise.reject(error);\n    }',
        '    pending = loader(key, { signal: controller.signal });',
      ],
    ],
  },
  {
    name: 'load-hit-not-an-access',
    bug: 'a getOrLoad hit returns the value without telling the policy',
    killedBy: 'is an access for the policy',
    patch: [
      [
        '        this.#tracker.onAccess(key);\n        return Promise.resolve(entry.value);',
        '        return Promise.resolve(entry.value);',
      ],
    ],
  },
  // Level 4: timeouts, cancellation and stats.
  {
    name: 'timer-left-behind',
    bug: 'the timeout timer is not cleared when the load settles',
    killedBy: 'leaves no timer behind',
    patch: [['      if (timer !== undefined) clearTimeout(timer);\n', '']],
  },
  {
    name: 'loader-signal-never-aborted',
    bug: "a timed-out or abandoned load keeps running: the loader's signal is never aborted",
    killedBy: "aborts the loader's signal with the timeout error",
    patch: [['        controller.abort(error);\n', '']],
  },
  {
    name: 'one-abort-fails-everyone',
    bug: 'one caller aborting fails the shared load for every waiter',
    killedBy: 'aborting one caller rejects only that caller',
    patch: [['        if (flight.waiters === 0) flight.fail(signal.reason);', '        flight.fail(signal.reason);']],
  },
  {
    name: 'abandoned-load-runs-on',
    bug: 'when every waiter has gone the load is not aborted and its value is still stored',
    killedBy: 'aborts the shared load when every waiter has gone',
    patch: [['        if (flight.waiters === 0) flight.fail(signal.reason);', '']],
  },
  {
    name: 'waiter-without-signal-not-counted',
    bug: 'a caller without a signal is not counted, so the others leaving aborts a load it still waits for',
    killedBy: 'never aborts the load once a caller without a signal has',
    patch: [['      flight.waiters = Number.POSITIVE_INFINITY;\n', '']],
  },
  {
    name: 'pre-aborted-signal-ignored',
    bug: 'an already aborted signal is not checked, so the caller waits for (or gets) a value',
    killedBy: 'an already aborted signal rejects with its reason at once',
    patch: [['      if (signal?.aborted) return Promise.reject(signal.reason);\n', '']],
  },
  {
    name: 'expired-victim-counted-as-eviction',
    bug: 'an expired entry chosen to make room is counted as an eviction, not an expiration',
    killedBy: 'counts evictions of live entries and expirations of expired ones',
    patch: [
      ['    if (this.#isExpired(entry)) this.#expirations++;\n    else this.#evictions++;', '    this.#evictions++;'],
    ],
  },
];
