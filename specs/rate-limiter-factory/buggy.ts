/**
 * Known-buggy rate limiters: the reference with one plausible mistake each. `npm test` proves the spec kills every
 * one (see specs/support/buggy.ts). When you add a rule to the spec, add the bug it catches here.
 */
import type { BuggyVariant } from '../support/buggy.ts';

export const variants: readonly BuggyVariant[] = [
  {
    name: 'bucket-refill-not-capped',
    bug: 'the token bucket refills past its capacity after a long idle time',
    killedBy: 'never holds more than maxRequests tokens',
    patch: [
      [
        'state.level = Math.min(max * windowMs, state.level + (t - state.last) * max);',
        'state.level = state.level + (t - state.last) * max;',
      ],
    ],
  },
  {
    name: 'bucket-integer-refill',
    bug: 'the token bucket adds whole tokens only and drops the fraction at every refill',
    killedBy: 'keeps fractions of a token between requests',
    patch: [
      [
        'state.level = Math.min(max * windowMs, state.level + (t - state.last) * max);',
        'state.level = Math.min(max * windowMs, state.level + Math.floor(((t - state.last) * max) / windowMs) * windowMs);',
      ],
    ],
  },
  {
    name: 'bucket-starts-empty',
    bug: 'a new token bucket starts empty instead of full',
    killedBy: 'starts full',
    patch: [
      [
        'fresh: (quota, t) => ({ quota, level: quota.max * quota.windowMs, last: t }),',
        'fresh: (_quota, t) => ({ quota: _quota, level: 0, last: t }),',
      ],
    ],
  },
  {
    name: 'window-aligned-to-first-request',
    bug: "the fixed window starts at the key's first request instead of a multiple of the window length",
    killedBy: 'aligns windows to multiples of the window length',
    patch: [
      [
        'fresh: (quota, t) => ({ quota, start: windowStart(t, quota.windowMs), count: 0 }),',
        'fresh: (quota, t) => ({ quota, start: t, count: 0 }),',
      ],
      [
        '    const start = windowStart(t, state.quota.windowMs);\n    if (start !== state.start) {',
        '    const start = state.start + windowStart(t - state.start, state.quota.windowMs);\n    if (start !== state.start) {',
      ],
    ],
  },
  {
    name: 'log-window-closed-at-start',
    bug: 'the log counts a request made at t until t + W inclusive: the window is [now − W, now]',
    killedBy: 'at t=2000',
    patch: [['(entries[head] as number) + windowMs <= t', '(entries[head] as number) + windowMs < t']],
  },
  {
    name: 'log-retry-after-oldest-only',
    bug: 'a denied log request is told to wait for the oldest entry only, even when more must expire',
    killedBy: 'waits for enough of the oldest requests to expire: cost 3',
    patch: [
      [
        '    while (low < high) {\n      const mid = (low + high) >>> 1;',
        '    while (low < high && mustFree < 0) {\n      const mid = (low + high) >>> 1;',
      ],
    ],
  },
  {
    name: 'counter-weight-inverted',
    bug: 'the counter weighs the previous window by the elapsed part instead of the part still inside',
    killedBy: 'weighs the previous window by the part still inside',
    patch: [
      [
        'return state.previous * (windowMs - (t - state.start)) + state.current * windowMs;',
        'return state.previous * (t - state.start) + state.current * windowMs;',
      ],
    ],
  },
  {
    name: 'counter-keeps-stale-previous',
    bug: 'after an idle window the counter still uses the count of the window before it as "previous"',
    killedBy: 'forgets a window that is two windows old',
    patch: [
      ['state.previous = start === state.start + windowMs ? state.current : 0;', 'state.previous = state.current;'],
    ],
  },
  {
    name: 'counter-retry-ignores-carry-over',
    bug: "the counter's retryAfter assumes the next window starts empty, forgetting this window becomes the previous one",
    killedBy: 'waits into the next window when the current one is full',
    patch: [
      [
        'state.current === 0 ? 0 : Math.max(0, windowMs - Math.floor(((max - cost) * windowMs) / state.current));',
        '0;',
      ],
    ],
  },
  {
    name: 'retry-after-rounded-down',
    bug: 'retryAfterMs is rounded down, so a caller who waits that long is still denied',
    killedBy: 'retryAfterMs is exact',
    patch: [['Math.ceil(algorithm.retryAfter(state, t, cost))', 'Math.floor(algorithm.retryAfter(state, t, cost))']],
  },
  {
    name: 'fixed-retry-one-window-late',
    bug: 'a denied fixed-window request is told to wait a whole window from now, not until the window ends',
    killedBy: 'aligns windows to multiples',
    patch: [
      [
        'retryAfter: (state, t) => state.start + state.quota.windowMs - t,',
        'retryAfter: (state) => state.quota.windowMs,',
      ],
    ],
  },
  {
    name: 'denial-consumes',
    bug: 'a denied request still counts against the key',
    killedBy: 'changes nothing when it denies a request',
    patch: [
      [
        '    if (allowed && cost > 0) {\n      algorithm.consume(state, t, cost);',
        '    if (!allowed && cost <= max && state.quota.max > 0) algorithm.consume(state, t, 1);\n    if (allowed && cost > 0) {\n      algorithm.consume(state, t, cost);',
      ],
    ],
  },
  {
    name: 'remaining-before-taking',
    bug: 'remaining is read before the request takes its cost',
    killedBy: 'counting remaining down',
    patch: [
      [
        '    const allowed = cost <= algorithm.remaining(state, t);',
        '    const before = algorithm.remaining(state, t);\n    const allowed = cost <= before;',
      ],
      ['      remaining: algorithm.remaining(state, t),', '      remaining: before,'],
    ],
  },
  {
    name: 'cost-above-limit-throws',
    bug: 'a cost above maxRequests throws a RangeError instead of a permanent denial',
    killedBy: 'denies a cost above maxRequests for ever',
    patch: [
      [
        '    const { max } = state.quota;\n',
        "    const { max } = state.quota;\n    if (cost > max) throw new RangeError('Expected `cost` to be at most maxRequests');\n",
      ],
    ],
  },
  {
    name: 'clock-backwards-trusted',
    bug: 'the limiter uses the raw clock, so a clock that jumps back opens an old window again',
    killedBy: 'treats a clock that goes backwards as standing still',
    patch: [['    if (t > this.#latest) this.#latest = t;\n    return this.#latest;', '    return t;']],
  },
  {
    name: 'peek-tracks-key',
    bug: 'a peek (cost 0) stores state for a key never seen',
    killedBy: 'does not track a key for a peek or a denial',
    patch: [['    if (allowed && cost > 0) {', '    if (allowed) {']],
  },
  {
    name: 'idle-keys-never-forgotten',
    bug: 'no eviction: every key ever seen stays in the map',
    killedBy: 'forgets 100,000 idle keys',
    patch: [['    this.#sweep(t);\n    return decision;', '    return decision;']],
  },
  {
    name: 'sweep-one-per-call',
    bug: 'the sweep looks at one key per call, so with a new key on every call it never catches up',
    killedBy: 'stays bounded when every request comes from a new key',
    patch: [['const sweepPerCall = 2;', 'const sweepPerCall = 1;']],
  },
  {
    name: 'sweep-scans-every-key',
    bug: 'each new millisecond, the next call scans the whole map for idle keys: correct, but O(n) per call under traffic',
    killedBy: 'O(1)',
    patch: [
      ['  #latest = Number.NEGATIVE_INFINITY;\n', '  #latest = Number.NEGATIVE_INFINITY;\n  #sweptAt = Number.NaN;\n'],
      [
        '    for (let i = 0; i < sweepPerCall; i++) {',
        '    if (t !== this.#sweptAt) {\n      this.#sweptAt = t;\n      for (const [key, state] of this.#states) if (this.#algorithm.idle(state, t)) this.#states.delete(key);\n    }\n    for (let i = 0; i < sweepPerCall; i++) {',
      ],
    ],
  },
  {
    name: 'counter-forgets-busy-key',
    bug: 'the counter calls a key idle once its window is over, though that window still weighs as the previous one',
    killedBy: 'forgets a key only once it is idle',
    patch: [
      [
        '    if (t >= end + state.quota.windowMs) return true;\n    return state.current === 0 && (state.previous === 0 || t >= end);',
        '    return t >= end || (state.current === 0 && state.previous === 0);',
      ],
    ],
  },
  {
    name: 'overrides-plain-object-lookup',
    bug: "overrides are looked up with obj[key], so 'constructor' or 'toString' finds a function on the prototype",
    killedBy: 'overrides are looked up as own keys only',
    patch: [
      [
        '  readonly #overrides: ReadonlyMap<string, Quota> | undefined;',
        '  readonly #overrides: Record<string, Quota> | undefined;',
      ],
      ['      const overrides = new Map<string, Quota>();', '      const overrides: Record<string, Quota> = {};'],
      ['        overrides.set(key, checkLimit(', '        overrides[key] = (checkLimit('],
      ['    const override = this.#overrides?.get(key);', '    const override = this.#overrides?.[key];'],
    ],
  },
  {
    name: 'limit-for-beats-overrides',
    bug: 'limitFor is asked before the overrides',
    killedBy: 'prefers overrides to limitFor',
    patch: [
      [
        '    const override = this.#overrides?.get(key);\n    if (override !== undefined) return override;\n',
        "    const early = this.#limitFor?.(key);\n    if (early !== undefined) return checkLimit(early, 'limitFor.');\n    const override = this.#overrides?.get(key);\n    if (override !== undefined) return override;\n",
      ],
    ],
  },
  {
    name: 'retry-after-header-rounded',
    bug: 'Retry-After is rounded to the nearest second, so 1.4 s becomes 1 and the client comes back too early',
    killedBy: 'rounds Retry-After up to whole seconds',
    patch: [
      [
        "headers['Retry-After'] = String(toSeconds(decision.retryAfterMs));",
        "headers['Retry-After'] = String(Math.max(1, Math.round(decision.retryAfterMs / 1000)));",
      ],
    ],
  },
  {
    name: 'retry-after-infinity',
    bug: 'a request that can never succeed is answered with Retry-After: Infinity',
    killedBy: 'can never be allowed',
    patch: [["  if (Number.isFinite(decision.retryAfterMs)) headers['Retry-After']", "  headers['Retry-After']"]],
  },
  {
    name: 'middleware-throws',
    bug: 'an error in the key or cost function is thrown at the server instead of passed to next',
    killedBy: 'passes the error to next',
    patch: [
      [
        '    } catch (error) {\n      // Express convention: errors go to `next`, never thrown at the server.\n      next(error);\n      return;\n    }',
        '    } catch (error) {\n      throw error;\n    }',
      ],
    ],
  },
  {
    name: 'middleware-calls-next-after-429',
    bug: 'the middleware answers 429 and then calls next() as well',
    killedBy: 'does not call next',
    patch: [["    res.end('Too Many Requests');\n", "    res.end('Too Many Requests');\n    next();\n"]],
  },
  {
    name: 'reset-after-window-end-when-empty',
    bug: 'the fixed window reports the time to the end of the window as resetAfterMs even when nothing was taken',
    killedBy: 'resetAfterMs is the least wait',
    patch: [
      [
        'resetAfter: (state, t) => (state.count === 0 ? 0 : state.start + state.quota.windowMs - t),',
        'resetAfter: (state, t) => state.start + state.quota.windowMs - t,',
      ],
    ],
  },
];
