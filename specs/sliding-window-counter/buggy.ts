/**
 * Known-buggy sliding-window counters: the reference with one plausible mistake each. `npm test` proves the spec
 * kills every one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'weight-inverted',
    bug: 'the previous window is weighted by elapsed / W instead of 1 − elapsed / W',
    killedBy: 'estimate 7 at t=1125',
    patch: [
      [
        'return (counters.previous * (this.#windowMs - elapsed)) / this.#windowMs + counters.current;',
        'return (counters.previous * elapsed) / this.#windowMs + counters.current;',
      ],
      [
        'const share = Math.ceil((previous * (W - elapsed)) / W);',
        'const share = Math.ceil((previous * elapsed) / W);',
      ],
      [
        'const allowed = previous * (W - elapsed) <= (this.#limit - current - cost) * W;',
        'const allowed = previous * elapsed <= (this.#limit - current - cost) * W;',
      ],
    ],
  },
  {
    name: 'estimate-floored',
    bug: 'the decision rounds the estimate down: floor(estimate) + cost ≤ limit',
    killedBy: 'compares exactly, without rounding the estimate down',
    patch: [
      [
        'const allowed = previous * (W - elapsed) <= (this.#limit - current - cost) * W;',
        'const allowed = Math.floor((previous * (W - elapsed)) / W) + current + cost <= this.#limit;',
      ],
    ],
  },
  {
    name: 'strict-comparison',
    bug: 'a request that brings the estimate exactly to the limit is denied',
    killedBy: 'at t=1100 (estimate',
    patch: [
      [
        'const allowed = previous * (W - elapsed) <= (this.#limit - current - cost) * W;',
        'const allowed = previous * (W - elapsed) < (this.#limit - current - cost) * W;',
      ],
    ],
  },
  {
    name: 'aligned-to-first-request',
    bug: 'windows start at the first request instead of at multiples of windowMs',
    killedBy: 'aligns windows to multiples of windowMs',
    patch: [
      [
        '  #latest: Milliseconds = Number.NEGATIVE_INFINITY;',
        '  #latest: Milliseconds = Number.NEGATIVE_INFINITY;\n  #origin: Milliseconds | undefined;',
      ],
      [
        '    if (reading > this.#latest) this.#latest = reading;\n    return this.#latest;',
        '    this.#origin ??= reading;\n    if (reading > this.#latest) this.#latest = reading;\n    return this.#latest - this.#origin;',
      ],
    ],
  },
  {
    name: 'no-previous-window',
    bug: 'the previous window is never counted: a fixed-window limiter',
    killedBy: 'smooths the boundary burst',
    patch: [['    const previous = counters?.previous ?? 0;', '    const previous = 0;']],
  },
  {
    name: 'denials-counted',
    bug: 'a denied request is added to the current window as well',
    killedBy: 'does not count denied requests',
    patch: [
      ['    if (!allowed) {\n', '    if (!allowed) {\n      if (counters !== undefined) counters.current += cost;\n'],
    ],
  },
  {
    name: 'cost-ignored',
    bug: 'every admitted request adds 1, whatever its cost',
    killedBy: 'in a fresh window: allowed [',
    patch: [['      owner.current += cost;', '      owner.current += 1;']],
  },
  {
    name: 'remaining-floored',
    bug: 'remaining rounds the previous share down, promising a unit that would be denied',
    killedBy: 'at t=1250 (estimate',
    patch: [
      [
        'const share = Math.ceil((previous * (W - elapsed)) / W);',
        'const share = Math.floor((previous * (W - elapsed)) / W);',
      ],
    ],
  },
  {
    name: 'estimate-rounded-up',
    bug: 'estimate() returns the estimate rounded up instead of the exact weighted value',
    killedBy: 'estimate 2.25 at t=2250',
    patch: [
      [
        'return (counters.previous * (this.#windowMs - elapsed)) / this.#windowMs + counters.current;',
        'return Math.ceil((counters.previous * (this.#windowMs - elapsed)) / this.#windowMs) + counters.current;',
      ],
    ],
  },
  {
    name: 'retry-next-window-only',
    bug: 'a denied request is always told to wait for the next window, even when the previous share fades sooner',
    killedBy: 'retryAfterMs 125',
    patch: [['    if (room >= 0 && previous > 0) {', '    if (room >= 0 && previous < 0) {']],
  },
  {
    name: 'retry-not-rounded',
    bug: 'the wait within the window is not rounded up to a whole millisecond',
    killedBy: 'a fractional instant is rounded up',
    patch: [
      [
        'const wait = Math.ceil(start + (W * (previous - room)) / previous - now);',
        'const wait = start + (W * (previous - room)) / previous - now;',
      ],
    ],
  },
  {
    name: 'retry-ignores-next-window-fade',
    bug: 'when this window has no room, the wait ends at the boundary, ignoring that the current units still count there',
    killedBy: 'current alone is too much',
    patch: [['    return Math.ceil(end + fade - now);', '    return Math.ceil(end - now);']],
  },
  {
    name: 'retry-off-by-one',
    bug: 'retryAfterMs is one millisecond longer than the least wait',
    killedBy: 'one millisecond less denies',
    patch: [['      if (now + wait < end) return wait;', '      if (now + wait < end) return wait + 1;']],
  },
  {
    name: 'reset-one-window-short',
    bug: 'resetAfterMs ends with the current window, though its units still count in the next one',
    killedBy: 'is 1700 at t=300',
    patch: [
      ['  if (current > 0) return start + 2 * windowMs - now;', '  if (current > 0) return start + windowMs - now;'],
    ],
  },
  {
    name: 'cost-above-limit-denied',
    bug: 'a cost above the limit is silently denied instead of rejected',
    killedBy: 'rejects cost 6 with a RangeError',
    patch: [['!Number.isInteger(cost) || cost < 0 || cost > limit', '!Number.isInteger(cost) || cost < 0']],
  },
  {
    name: 'clock-trusted-backwards',
    bug: 'a clock reading earlier than the latest is used as is',
    killedBy: 'going backwards neither brings a window back',
    patch: [
      [
        '    if (reading > this.#latest) this.#latest = reading;\n    return this.#latest;',
        '    this.#latest = reading;\n    return reading;',
      ],
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
    name: 'peek-creates-key',
    bug: 'a peek (cost 0) creates a key and counts as activity, so idle keys pile up',
    killedBy: 'does not keep a key for a peek',
    patch: [['    if (cost > 0) {\n      const owner', '    if (cost >= 0) {\n      const owner']],
  },
  {
    name: 'idle-keys-kept',
    bug: 'keys are never forgotten, so memory grows with every key ever seen',
    killedBy: 'drops a key two windows after its last admission',
    patch: [
      [
        '      keys.next = counters.next;\n      counters.next.prev = keys;\n      this.#counters.delete(counters.key);',
        '      return;',
      ],
    ],
  },
  {
    name: 'idle-one-window-early',
    bug: 'a key is dropped one window after its last admission, losing the previous window it still counts',
    killedBy: 'size 1 at t=1999',
    patch: [
      [
        '      if (counters.lastAdmitted + 2 > window) return;',
        '      if (counters.lastAdmitted + 1 > window) return;',
      ],
    ],
  },
  {
    name: 'key-not-moved-on-use',
    bug: 'a key keeps its place in the idle order when it admits again, so the sweep stops early',
    killedBy: 'keeps a key used again',
    patch: [['      this.#moveToTail(owner);\n', '']],
  },
  {
    name: 'idle-sweep-scans-all-keys',
    bug: 'idle keys are found by scanning every key on each call: O(keys) per call',
    killedBy: 'drops idle keys in O(1)',
    patch: [
      [
        '    const keys = this.#keys;\n    for (let counters = keys.next;',
        '    const keys = this.#keys;\n    for (const other of this.#counters.values()) if (other.current < 0) return;\n    for (let counters = keys.next;',
      ],
    ],
  },
];
