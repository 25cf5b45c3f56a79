/**
 * Known-buggy fixed windows: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'aligned-to-first-request',
    bug: 'windows start at the first request instead of at multiples of the window length',
    killedBy: 'aligns to multiples of the window length',
    patch: [
      [
        '  #counts = new Map<string, number>();\n',
        '  #counts = new Map<string, number>();\n  #origin: number | undefined;\n',
      ],
      [
        'const window = Math.floor(now / this.#windowMs);',
        'this.#origin ??= now;\n    const window = Math.floor((now - this.#origin) / this.#windowMs);',
      ],
      [
        'const resetAfterMs = (this.#window + 1) * this.#windowMs - now;',
        'const resetAfterMs = this.#origin + (this.#window + 1) * this.#windowMs - now;',
      ],
    ],
  },
  {
    name: 'boundary-off-by-one',
    bug: 'the new window starts one millisecond late (at W + 1 instead of W)',
    killedBy: 'next window starts at 1000',
    patch: [
      ['const window = Math.floor(now / this.#windowMs);', 'const window = Math.floor((now - 1) / this.#windowMs);'],
    ],
  },
  {
    name: 'limit-off-by-one',
    bug: 'a key may spend only limit − 1 per window',
    killedBy: 'requests in a window, then denies',
    patch: [['if (used + cost > this.#limit) {', 'if (used + cost >= this.#limit) {']],
  },
  {
    name: 'denied-counted',
    bug: 'a denied request is counted anyway',
    killedBy: 'does not count denied requests',
    patch: [
      [
        '    if (used + cost > this.#limit) {\n',
        '    if (used + cost > this.#limit) {\n      this.#counts.set(key, used + cost);\n',
      ],
    ],
  },
  {
    name: 'retry-whole-window',
    bug: 'retryAfterMs is a whole window length instead of the time to the next window start',
    killedBy: 'retryAfterMs 480',
    patch: [['        retryAfterMs: resetAfterMs,', '        retryAfterMs: this.#windowMs,']],
  },
  {
    name: 'retry-plus-one',
    bug: 'retryAfterMs is one millisecond too long',
    killedBy: '1 ms less is not',
    patch: [['        retryAfterMs: resetAfterMs,', '        retryAfterMs: resetAfterMs + 1,']],
  },
  {
    name: 'backward-clock-reopens-window',
    bug: 'a clock set back into an earlier window starts counting afresh there',
    killedBy: 'does not grant a fresh allowance',
    patch: [['if (window > this.#window) {', 'if (window !== this.#window) {']],
  },
  {
    name: 'retry-from-clock-window',
    bug: "after a backward step, the reset time is computed from the clock's own window, not the current one",
    killedBy: 'counts to the end of the latest window after the clock went back',
    patch: [
      [
        'const resetAfterMs = (this.#window + 1) * this.#windowMs - now;',
        'const resetAfterMs = (window + 1) * this.#windowMs - now;',
      ],
    ],
  },
  {
    name: 'stale-windows-kept',
    bug: 'counts are keyed by window and key, and old windows are never dropped',
    killedBy: 'holds no count of an older window',
    patch: [
      ['      if (this.#counts.size > 0) this.#counts = new Map();\n', ''],
      ['const used = this.#counts.get(key) ?? 0;', "const used = this.#counts.get(this.#window + ':' + key) ?? 0;"],
      [
        'if (cost > 0) this.#counts.set(key, used + cost);',
        "if (cost > 0) this.#counts.set(this.#window + ':' + key, used + cost);",
      ],
    ],
  },
  {
    name: 'sweeps-every-call',
    bug: 'every call walks all the keys looking for stale counts: correct, but O(n) per call',
    killedBy: 'O(1)',
    patch: [
      [
        '    const used = this.#counts.get(key) ?? 0;',
        '    for (const [stale, count] of this.#counts) if (count <= 0) this.#counts.delete(stale);\n    const used = this.#counts.get(key) ?? 0;',
      ],
    ],
  },
  {
    name: 'cost-above-limit-denied',
    bug: 'a cost above the limit is denied (forever) instead of rejected',
    killedBy: "rejects 'a cost above the limit'",
    patch: [['cost < 0 || cost > limit)', 'cost < 0)']],
  },
  {
    name: 'fractional-cost-accepted',
    bug: 'a fractional cost is accepted',
    killedBy: "rejects 'a fractional cost'",
    patch: [['if (!Number.isInteger(cost) || cost < 0', 'if (Number.isNaN(cost) || cost < 0']],
  },
  {
    name: 'options-not-integers',
    bug: 'limit and windowMs only have to be positive, so 1.5 or Infinity is accepted',
    killedBy: 'rejects bad numbers for limit',
    patch: [['if (!Number.isSafeInteger(value) || value < 1) {', 'if (!(value > 0)) {']],
  },
  {
    name: 'peek-holds-a-count',
    bug: 'a peek stores a zero count for the key',
    killedBy: 'holds nothing for a peek',
    patch: [['if (cost > 0) this.#counts.set(key, used + cost);', 'this.#counts.set(key, used + cost);']],
  },
  {
    name: 'one-counter-for-all-keys',
    bug: 'the key is ignored: every caller shares one counter',
    killedBy: 'counts every key separately',
    patch: [
      ['    const used = this.#counts.get(key) ?? 0;', "    key = '';\n    const used = this.#counts.get(key) ?? 0;"],
    ],
  },
  {
    name: 'key-not-checked',
    bug: 'a key that is not a string is used as it is',
    killedBy: 'rejects a key that is a number',
    patch: [["if (typeof key !== 'string') throw", "if (typeof key === 'symbol') throw"]],
  },
  {
    name: 'remaining-before-cost',
    bug: 'remaining on an allowed decision does not subtract the cost just spent',
    killedBy: 'counts remaining down to 0',
    patch: [['remaining: this.#limit - used - cost,', 'remaining: this.#limit - used,']],
  },
  {
    name: 'reset-only-on-denial',
    bug: 'resetAfterMs is 0 on allowed decisions',
    killedBy: 'on allowed decisions too',
    patch: [
      [
        'retryAfterMs: 0, limit: this.#limit, resetAfterMs };',
        'retryAfterMs: 0, limit: this.#limit, resetAfterMs: 0 };',
      ],
    ],
  },
];
