/**
 * Known-buggy token buckets: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'refill-not-capped',
    bug: 'refill adds the elapsed time without capping at the capacity, so a long idle key bursts far past it',
    killedBy: 'never holds more than the capacity',
    patch: [
      [
        'bucket.credits = Math.min(this.#full, bucket.credits + (now - bucket.last) * this.#rate);',
        'bucket.credits = bucket.credits + (now - bucket.last) * this.#rate;',
      ],
    ],
  },
  {
    name: 'integer-only-refill',
    bug: 'refill adds whole tokens only and drops the fraction earned so far',
    killedBy: 'adds up fractions of a token across calls',
    patch: [
      [
        'bucket.credits = Math.min(this.#full, bucket.credits + (now - bucket.last) * this.#rate);',
        'bucket.credits = Math.min(this.#full, bucket.credits + Math.floor(((now - bucket.last) * this.#rate) / creditsPerToken) * creditsPerToken);',
      ],
    ],
  },
  {
    name: 'starts-empty',
    bug: 'a new bucket starts empty instead of full',
    killedBy: 'allows the first',
    patch: [['const bucket: Bucket = { key, credits: this.#full,', 'const bucket: Bucket = { key, credits: 0,']],
  },
  {
    name: 'backward-clock-adds-tokens',
    bug: 'the elapsed time is taken as an absolute difference, so a clock stepping back earns tokens',
    killedBy: 'adds no tokens when the clock steps back',
    patch: [
      [
        'if (this.#lastReading !== undefined && reading > this.#lastReading) this.#elapsed += reading - this.#lastReading;',
        'if (this.#lastReading !== undefined) this.#elapsed += Math.abs(reading - this.#lastReading);',
      ],
    ],
  },
  {
    name: 'backward-clock-freezes-refill',
    bug: 'the limiter keeps the latest reading after a backward step, so refill stops until the clock catches up',
    killedBy: 'resumes refill from the earlier reading',
    patch: [
      ['    this.#lastReading = reading;', '    this.#lastReading = Math.max(reading, this.#lastReading ?? reading);'],
    ],
  },
  {
    name: 'denial-empties-bucket',
    bug: 'a denied request still takes what the bucket holds',
    killedBy: 'takes nothing when it denies',
    patch: [
      [
        '    return this.#decision(false, bucket.credits, this.#waitFor(demand - bucket.credits));',
        '    const missing = demand - bucket.credits;\n    bucket.credits = 0;\n    return this.#decision(false, 0, this.#waitFor(missing));',
      ],
    ],
  },
  {
    name: 'retry-off-by-one',
    bug: 'retryAfterMs is floor + 1 instead of the ceiling, one millisecond too late on exact multiples',
    killedBy: '1 ms less is not',
    patch: [
      ['let ms = Math.ceil(missing / this.#rate);', 'let ms = Math.floor(missing / this.#rate) + 1;'],
      ['    if ((ms - 1) * this.#rate >= missing) ms--;\n', ''],
    ],
  },
  {
    name: 'retry-float-overshoot',
    bug: 'retryAfterMs is Math.ceil of a float division, one millisecond late when the quotient lands a hair above an integer',
    killedBy: 'capacity 7 at 0.7/s, cost 7 denied at t=1810',
    patch: [['    if ((ms - 1) * this.#rate >= missing) ms--;\n', '']],
  },
  {
    name: 'retry-whole-seconds',
    bug: 'retryAfterMs is rounded up to whole seconds (as for a Retry-After header)',
    killedBy: 'retryAfterMs 480',
    patch: [['let ms = Math.ceil(missing / this.#rate);', 'let ms = Math.ceil(missing / this.#rate / 1000) * 1000;']],
  },
  {
    name: 'retry-ignores-waiters',
    bug: "a denied tryAcquire's retryAfterMs counts only its own cost, not the waiters ahead of it",
    killedBy: 'covers the waiters ahead',
    patch: [['this.#waitFor(demand - bucket.credits));', 'this.#waitFor(cost * creditsPerToken - bucket.credits));']],
  },
  {
    name: 'cost-above-capacity-denied',
    bug: 'a cost above the capacity is denied (forever) instead of rejected',
    killedBy: "rejects 'a cost above the capacity'",
    patch: [['cost < 0 || cost > capacity)', 'cost < 0)']],
  },
  {
    name: 'fractional-cost-accepted',
    bug: 'a fractional cost is accepted',
    killedBy: "rejects 'a fractional cost'",
    patch: [['if (!Number.isInteger(cost) || cost < 0', 'if (Number.isNaN(cost) || cost < 0']],
  },
  {
    name: 'key-not-checked',
    bug: 'a key that is not a string is used as it is',
    killedBy: 'rejects a key that is a number',
    patch: [["if (typeof key !== 'string') throw", "if (typeof key === 'symbol') throw"]],
  },
  {
    name: 'one-bucket-for-all-keys',
    bug: 'the key is ignored: every caller shares one bucket',
    killedBy: 'gives every key its own bucket',
    patch: [
      [
        '    checkKey(key);\n    checkCost(cost, this.#capacity);\n    const now = this.#tick();',
        "    checkKey(key);\n    key = '';\n    checkCost(cost, this.#capacity);\n    const now = this.#tick();",
      ],
    ],
  },
  {
    name: 'remaining-rounded',
    bug: 'remaining is rounded to the nearest token instead of down',
    killedBy: 'rounded down',
    patch: [['remaining: Math.floor(credits / creditsPerToken),', 'remaining: Math.round(credits / creditsPerToken),']],
  },
  {
    name: 'reset-rounded-down',
    bug: 'resetAfterMs is rounded down',
    killedBy: 'is 334 ms after taking 1 of 3 tokens',
    patch: [
      [
        'resetAfterMs: this.#waitFor(this.#full - credits),',
        'resetAfterMs: Math.floor((this.#full - credits) / this.#rate),',
      ],
    ],
  },
  {
    name: 'peek-holds-a-bucket',
    bug: 'a peek of an unknown key creates a bucket for it',
    killedBy: 'holds no bucket for a peek of an unknown key',
    patch: [['      if (cost === 0) return this.#decision(true, this.#full, 0);\n', '']],
  },
  {
    name: 'never-forgets',
    bug: 'idle buckets are kept forever (unless their own key peeks at them)',
    killedBy: 'are gone after the next call',
    patch: [
      [
        '      if (oldest.queue !== undefined) return;',
        '      if (oldest.queue !== undefined || oldest.credits >= 0) return;',
      ],
    ],
  },
  {
    name: 'forgets-by-scanning',
    bug: 'every call scans all buckets for full ones: correct, but O(n) per call',
    killedBy: 'O(1)',
    patch: [
      [
        '    const list = this.#list;\n    for (let oldest = list.next; oldest !== list; oldest = list.next) {\n      if (oldest.queue !== undefined) return;',
        '    for (const oldest of [...this.#buckets.values()]) {\n      if (oldest.queue !== undefined) continue;',
      ],
      [
        '      if (oldest.credits + (now - oldest.last) * this.#rate < this.#full) return;',
        '      if (oldest.credits + (now - oldest.last) * this.#rate < this.#full) continue;',
      ],
    ],
  },
  {
    name: 'lifo-waiters',
    bug: 'a new waiter is put at the head of the queue',
    killedBy: 'serves the waiters of one key in the order they called',
    patch: [['      queue.items.push(waiter);', '      queue.items.splice(queue.head, 0, waiter);']],
  },
  {
    name: 'try-acquire-jumps-queue',
    bug: 'tryAcquire takes tokens the waiters are waiting for',
    killedBy: 'is denied while a key has waiters',
    patch: [
      [
        'const demand = (bucket.queue?.demand ?? 0) + cost * creditsPerToken;',
        'const demand = cost * creditsPerToken;',
      ],
    ],
  },
  {
    name: 'acquire-jumps-queue',
    bug: 'a new acquire is served at once when the bucket can pay for it, ahead of earlier waiters',
    killedBy: 'queues a newcomer behind the waiters',
    patch: [
      [
        'if (bucket.queue === undefined && cost * creditsPerToken <= bucket.credits) {',
        'if (cost * creditsPerToken <= bucket.credits) {',
      ],
    ],
  },
  {
    name: 'abort-keeps-demand',
    bug: "an aborted waiter's cost still counts against later requests",
    killedBy: 'no longer counts an aborted waiter',
    patch: [['    const queue = bucket.queue as Queue;\n    queue.demand -= waiter.cost * creditsPerToken;\n', '']],
  },
  {
    name: 'abort-does-not-move-queue',
    bug: 'aborting the head leaves the waiters behind it asleep until the old head would have been served',
    killedBy: 'moves the waiters behind an aborted head up',
    patch: [
      [
        '    this.#refill(bucket, this.#tick());\n    this.#serve(bucket);\n    this.#schedule(bucket);\n    this.#forgetIfFull(bucket);\n',
        '',
      ],
    ],
  },
];
