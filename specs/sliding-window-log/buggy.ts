/**
 * Known-buggy sliding-window logs: the reference with one plausible mistake each. `npm test` proves the spec kills
 * every one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'closed-window',
    bug: 'the window is [now − windowMs, now]: a unit taken at t still counts at t + windowMs',
    killedBy: 'exactly at t + windowMs',
    patch: [
      [
        '(log.times[log.head] as number) + this.#windowMs <= now',
        '(log.times[log.head] as number) + this.#windowMs < now',
      ],
      [
        '(log.times[this.#slot(log, log.count - 1)] as number) + this.#windowMs > now) return;',
        '(log.times[this.#slot(log, log.count - 1)] as number) + this.#windowMs >= now) return;',
      ],
    ],
  },
  {
    name: 'limit-off-by-one',
    bug: 'a request that would fill the window exactly to the limit is denied',
    killedBy: 'allows exactly `limit` requests at one instant',
    patch: [['if (used + cost > this.#limit) {', 'if (used + cost >= this.#limit) {']],
  },
  {
    name: 'log-not-pruned',
    bug: 'old admissions are never removed, so units never come back',
    killedBy: 'frees units one by one',
    patch: [['    if (log !== undefined) this.#prune(log, now);\n', '']],
  },
  {
    name: 'array-shift',
    bug: 'each key keeps its log in a plain array pruned with shift(): correct, but O(n) per call on a long log',
    killedBy: 'prunes old units',
    file: 'buggy/array-shift.ts',
  },
  {
    name: 'denials-recorded',
    bug: 'a denied request is logged as if admitted, so a client that keeps retrying locks itself out',
    killedBy: 'does not count denied requests',
    patch: [
      [
        '      const owner = log as KeyLog;\n',
        '      const owner = log as KeyLog;\n      this.#append(owner, now, cost);\n',
      ],
      [
        'Math.min(this.#limit, Math.max(initialRing, 2 * log.times.length))',
        'Math.max(initialRing, 2 * log.times.length)',
      ],
    ],
  },
  {
    name: 'cost-ignored',
    bug: 'every admission is logged as one unit, whatever its cost',
    killedBy: 'at one instant: allowed [',
    patch: [['    this.#append(owner, now, cost);', '    this.#append(owner, now, 1);']],
  },
  {
    name: 'remaining-zero-when-denied',
    bug: 'a denial reports remaining 0 instead of the units still available',
    killedBy: 'reports, when denied, the units still available',
    patch: [
      [
        '        remaining: this.#limit - used,\n        retryAfterMs: this.#retryAfter',
        '        remaining: 0,\n        retryAfterMs: this.#retryAfter',
      ],
    ],
  },
  {
    name: 'retry-off-by-one',
    bug: 'retryAfterMs is one millisecond longer than the least wait',
    killedBy: 'one millisecond less denies',
    patch: [
      [
        '    return (log.times[this.#slot(log, low)] as number) + this.#windowMs - now;',
        '    return (log.times[this.#slot(log, low)] as number) + this.#windowMs - now + 1;',
      ],
    ],
  },
  {
    name: 'retry-ignores-cost',
    bug: 'retryAfterMs waits only for the oldest unit to leave, even when the request needs more room',
    killedBy: 'retryAfterMs 800',
    patch: [['    const target = log.left + excess;', '    const target = log.left + Math.min(excess, 1);']],
  },
  {
    name: 'retry-waits-for-reset',
    bug: 'retryAfterMs waits until the window is empty instead of until enough units have left',
    killedBy: 'is the least wait on random traffic',
    patch: [
      [
        '        retryAfterMs: this.#retryAfter(owner, used + cost - this.#limit, now),',
        '        retryAfterMs: this.#resetAfter(owner, now),',
      ],
    ],
  },
  {
    name: 'reset-from-oldest',
    bug: 'resetAfterMs counts down to the oldest unit leaving instead of the newest',
    killedBy: 'counts down to the instant the newest unit leaves',
    patch: [
      [
        '    return (log.times[this.#slot(log, log.count - 1)] as number) + this.#windowMs - now;',
        '    return (log.times[log.head] as number) + this.#windowMs - now;',
      ],
    ],
  },
  {
    name: 'cost-above-limit-denied',
    bug: 'a cost above the limit is silently denied instead of rejected',
    killedBy: 'rejects cost 6 with a RangeError',
    patch: [['!Number.isInteger(cost) || cost < 0 || cost > limit', '!Number.isInteger(cost) || cost < 0']],
  },
  {
    name: 'peek-reports-no-reset',
    bug: 'a peek (cost 0) always reports resetAfterMs 0, even when the key holds units',
    killedBy: 'is allowed on a full window and reports what remains',
    patch: [['        resetAfterMs: log === undefined ? 0 : this.#resetAfter(log, now),', '        resetAfterMs: 0,']],
  },
  {
    name: 'clock-trusted-backwards',
    bug: 'a clock reading earlier than the latest is used as is',
    killedBy: 'going backwards lets no unit back in',
    patch: [
      [
        '    if (reading > this.#latest) this.#latest = reading;\n    return this.#latest;',
        '    this.#latest = reading;\n    return reading;',
      ],
    ],
  },
  {
    name: 'clock-not-validated',
    bug: 'a clock reading of NaN or a string is used as is',
    killedBy: 'a clock that returns',
    patch: [
      ["    if (typeof reading !== 'number') {", "    if (typeof reading !== 'number' && reading !== undefined) {"],
      ['    if (!Number.isFinite(reading)) {', '    if (reading === Number.POSITIVE_INFINITY) {'],
    ],
  },
  {
    name: 'default-key-named',
    bug: "the default key is 'default' instead of the empty string",
    killedBy: 'the default key is the empty string',
    patch: [
      [
        "  tryAcquire(key = '', cost = 1): RateLimitDecision {",
        "  tryAcquire(key = 'default', cost = 1): RateLimitDecision {",
      ],
    ],
  },
  {
    name: 'idle-keys-kept',
    bug: 'keys are never forgotten, so memory grows with every key ever seen',
    killedBy: 'drops a key once its newest unit has left',
    patch: [
      ['      keys.next = log.next;\n      log.next.prev = keys;\n      this.#logs.delete(log.key);', '      return;'],
    ],
  },
  {
    name: 'key-not-moved-on-use',
    bug: 'a key keeps its place in the idle order when it is used again, so the sweep stops early and idle keys behind it stay',
    killedBy: 'whatever order keys were first seen',
    patch: [['    if (keys.prev !== log) {', '    if (keys.prev !== log && log.count === 1) {']],
  },
  {
    name: 'idle-sweep-scans-all-keys',
    bug: 'idle keys are found by scanning every key on each call: O(keys) per call',
    killedBy: 'drops idle keys in O(1)',
    patch: [
      [
        '    const keys = this.#keys;\n    for (let log = keys.next; log !== keys; log = keys.next) {',
        '    const keys = this.#keys;\n    for (const other of this.#logs.values()) if (other.count < 0) return;\n    for (let log = keys.next; log !== keys; log = keys.next) {',
      ],
    ],
  },
  {
    name: 'ring-grows-out-of-order',
    bug: 'growing the ring copies the slots as they lie instead of oldest first, scrambling a wrapped log',
    killedBy: 'agrees with the model on random costs',
    patch: [
      [
        '      const slot = this.#slot(log, index);\n      times[index]',
        '      const slot = index;\n      times[index]',
      ],
    ],
  },
  {
    name: 'key-not-validated',
    bug: 'a key that is not a string is used as is',
    killedBy: 'rejects a key that is',
    patch: [["    if (typeof key !== 'string') throw", "    if (typeof key === 'symbol') throw"]],
  },
];
