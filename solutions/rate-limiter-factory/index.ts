/**
 * Rate limiter factory — reference solution.
 *
 * One `RateLimiter` interface, four algorithms behind it, chosen by `RateLimiterFactory.create(strategy, options)`:
 * token bucket, fixed window, sliding window log and sliding window counter (the four in Alex Xu's "System Design
 * Interview", ch. 4, and in most rate-limiter write-ups). The keyed bookkeeping — clock, limits per key, the map of
 * per-key states and the reclaiming of idle keys — is written once in `KeyedLimiter`; each algorithm only says how
 * its per-key state moves in time, what a request costs it and when it will fit.
 *
 * Exact arithmetic. Every algorithm keeps its state in whole units so that, with a clock in whole milliseconds,
 * `retryAfterMs` is exact and never off by one through floating-point rounding:
 * - the token bucket counts tokens × window milliseconds (it refills `maxRequests` of those units per ms);
 * - the sliding window counter compares `previous × (W − elapsed) + current × W` with `maxRequests × W`.
 *
 * Idle keys. A key whose state is back to that of a key never seen (full bucket, window over, log empty) is
 * indistinguishable from a fresh one, so it can be forgotten without changing any decision. Every `tryAcquire`
 * advances a persistent cursor over the map by two entries and deletes the idle ones: O(1) per call, and a
 * million keys that have gone quiet are gone after half a million calls. The cursor is a live `Map` iterator, not
 * `map.keys().next()` from the start each time (which walks past every deleted slot at the front: O(n)).
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

export const RateLimitStrategy = {
  TOKEN_BUCKET: 'token-bucket',
  FIXED_WINDOW: 'fixed-window',
  SLIDING_WINDOW_LOG: 'sliding-window-log',
  SLIDING_WINDOW_COUNTER: 'sliding-window-counter',
} as const;

export type RateLimitStrategy = (typeof RateLimitStrategy)[keyof typeof RateLimitStrategy];

export interface Limit {
  readonly maxRequests: number;
  readonly timeWindowSeconds: number;
}

export interface RateLimiterOptions extends Limit {
  readonly now?: () => Milliseconds;
  readonly overrides?: Readonly<Record<string, Limit>>;
  readonly limitFor?: (key: string) => Limit | undefined;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterMs: Milliseconds;
  readonly limit: number;
  readonly resetAfterMs?: Milliseconds;
}

export interface RateLimiter {
  readonly strategy: RateLimitStrategy;
  readonly trackedKeys: number;
  tryAcquire(key?: string, cost?: number): RateLimitDecision;
}

export const RateLimiterFactory = {
  create(strategy: RateLimitStrategy, options: RateLimiterOptions): RateLimiter {
    const algorithm = algorithms.get(checkStrategy(strategy));
    if (algorithm === undefined) throw new Error(`unreachable: no algorithm for ${strategy}`);
    return new KeyedLimiter(strategy, algorithm, options);
  },
};

export interface HttpRateLimit {
  readonly status: 200 | 429;
  readonly headers: Readonly<Record<string, string>>;
}

export function toHttp(decision: RateLimitDecision): HttpRateLimit {
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
  };
  if (decision.resetAfterMs !== undefined) headers['RateLimit-Reset'] = String(toSeconds(decision.resetAfterMs));
  if (decision.allowed) return { status: 200, headers };
  // A request larger than the whole limit never fits: no Retry-After, since waiting would not help.
  if (Number.isFinite(decision.retryAfterMs)) headers['Retry-After'] = String(toSeconds(decision.retryAfterMs));
  return { status: 429, headers };
}

export interface RateLimitResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export interface MiddlewareOptions<Req> {
  readonly key: (req: Req) => string;
  readonly cost?: (req: Req) => number;
}

export type Middleware<Req, Res extends RateLimitResponse = RateLimitResponse> = (
  req: Req,
  res: Res,
  next: (error?: unknown) => void,
) => void;

export function rateLimitMiddleware<Req, Res extends RateLimitResponse = RateLimitResponse>(
  limiter: RateLimiter,
  options: MiddlewareOptions<Req>,
): Middleware<Req, Res> {
  if (typeof limiter !== 'object' || limiter === null || typeof limiter.tryAcquire !== 'function') {
    throw new TypeError(`Expected \`limiter\` to be a RateLimiter, got ${describe(limiter)}`);
  }
  checkObject('options', options);
  const keyOf = checkFunction('key', options.key);
  const costOf = options.cost === undefined ? undefined : checkFunction('cost', options.cost);
  return (req, res, next) => {
    let http: HttpRateLimit;
    try {
      const decision = limiter.tryAcquire(keyOf(req), costOf === undefined ? 1 : costOf(req));
      http = toHttp(decision);
    } catch (error) {
      // Express convention: errors go to `next`, never thrown at the server.
      next(error);
      return;
    }
    for (const [name, value] of Object.entries(http.headers)) res.setHeader(name, value);
    if (http.status === 200) {
      next();
      return;
    }
    res.statusCode = 429;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Too Many Requests');
  };
}

/** Rounds a wait up to whole seconds, as `Retry-After` and `RateLimit-Reset` carry delta-seconds. */
function toSeconds(ms: Milliseconds): number {
  return Math.ceil(ms / 1000);
}

// ---------------------------------------------------------------------------------------------------------------
// Keyed bookkeeping shared by the four algorithms.

/** A validated limit: `max` requests per `windowMs` milliseconds (a whole number ≥ 1). */
interface Quota {
  readonly max: number;
  readonly windowMs: Milliseconds;
}

/** The state of one key. Each algorithm extends it with its own fields. */
interface KeyState {
  readonly quota: Quota;
}

/** What an algorithm decides for one key; `t` never decreases from one call to the next. */
interface Algorithm<S extends KeyState> {
  /** The state of a key never seen (or forgotten), at time `t`. */
  fresh(quota: Quota, t: Milliseconds): S;
  /** Brings the state forward to `t`: refill, roll the window, prune the log. */
  advance(state: S, t: Milliseconds): void;
  /** The largest cost that fits at `t` (the state is advanced to `t`). */
  remaining(state: S, t: Milliseconds): number;
  /** Takes `cost` (≥ 1, known to fit) at `t`. */
  consume(state: S, t: Milliseconds, cost: number): void;
  /** The least wait after which `cost` (≤ max, not fitting now) fits, if nothing else happens. */
  retryAfter(state: S, t: Milliseconds, cost: number): Milliseconds;
  /** The least wait after which the full quota is available again. */
  resetAfter(state: S, t: Milliseconds): Milliseconds;
  /** Whether the state at `t` is the same as `fresh(quota, t)`: the key can be forgotten. */
  idle(state: S, t: Milliseconds): boolean;
}

/** Idle keys examined per call; two per call clears n quiet keys within n / 2 calls. */
const sweepPerCall = 2;

class KeyedLimiter<S extends KeyState> implements RateLimiter {
  readonly #strategy: RateLimitStrategy;
  readonly #algorithm: Algorithm<S>;
  readonly #now: () => Milliseconds;
  readonly #default: Quota;
  readonly #overrides: ReadonlyMap<string, Quota> | undefined;
  readonly #limitFor: ((key: string) => Limit | undefined) | undefined;
  readonly #states = new Map<string, S>();
  #cursor: Iterator<[string, S]>;
  /** The latest clock reading seen: a clock that goes backwards is held at it (no refill, no new window). */
  #latest = Number.NEGATIVE_INFINITY;

  constructor(strategy: RateLimitStrategy, algorithm: Algorithm<S>, options: RateLimiterOptions) {
    checkObject('options', options);
    this.#strategy = strategy;
    this.#algorithm = algorithm;
    this.#default = checkLimit(options, '');
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#limitFor = options.limitFor === undefined ? undefined : checkFunction('limitFor', options.limitFor);
    if (options.overrides !== undefined) {
      checkObject('overrides', options.overrides);
      const overrides = new Map<string, Quota>();
      for (const [key, limit] of Object.entries(options.overrides)) {
        overrides.set(key, checkLimit(limit, `overrides[${quote(key)}].`));
      }
      this.#overrides = overrides;
    }
    this.#cursor = this.#states.entries();
  }

  get strategy(): RateLimitStrategy {
    return this.#strategy;
  }

  get trackedKeys(): number {
    return this.#states.size;
  }

  tryAcquire(key = '', cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${describe(key)}`);
    checkCost(cost);
    const t = this.#time();
    const algorithm = this.#algorithm;
    let state = this.#states.get(key);
    const tracked = state !== undefined;
    if (state === undefined) state = algorithm.fresh(this.#quota(key), t);
    else algorithm.advance(state, t);
    const { max } = state.quota;
    const allowed = cost <= algorithm.remaining(state, t);
    if (allowed && cost > 0) {
      algorithm.consume(state, t, cost);
      // Only a request that takes something makes a key worth remembering: peeks and denials leave no trace.
      if (!tracked) this.#states.set(key, state);
    }
    const decision: RateLimitDecision = {
      allowed,
      remaining: algorithm.remaining(state, t),
      retryAfterMs: allowed
        ? 0
        : cost > max
          ? Number.POSITIVE_INFINITY
          : Math.ceil(algorithm.retryAfter(state, t, cost)),
      limit: max,
      resetAfterMs: Math.ceil(algorithm.resetAfter(state, t)),
    };
    this.#sweep(t);
    return decision;
  }

  #time(): Milliseconds {
    const t = this.#now();
    if (t > this.#latest) this.#latest = t;
    return this.#latest;
  }

  /** The limit for a key it starts tracking: an override, then `limitFor`, then the default. */
  #quota(key: string): Quota {
    const override = this.#overrides?.get(key);
    if (override !== undefined) return override;
    if (this.#limitFor === undefined) return this.#default;
    const limit = this.#limitFor(key);
    return limit === undefined ? this.#default : checkLimit(limit, `limitFor(${quote(key)}).`);
  }

  /** Examines the next few keys in the map and forgets the idle ones (see the module comment). */
  #sweep(t: Milliseconds): void {
    for (let i = 0; i < sweepPerCall; i++) {
      let next = this.#cursor.next();
      if (next.done === true) {
        this.#cursor = this.#states.entries();
        next = this.#cursor.next();
        if (next.done === true) return;
      }
      const [key, state] = next.value;
      if (this.#algorithm.idle(state, t)) this.#states.delete(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The four algorithms.

interface BucketState extends KeyState {
  /** Tokens × windowMs: whole units, so a refill of `max` units per millisecond is exact. */
  level: number;
  last: Milliseconds;
}

/**
 * Token bucket: holds up to `max` tokens, starts full, refills continuously at `max` per window (so a burst of
 * `max` is possible after a quiet window, and the long-run rate is `max` per window). Stripe's and AWS API
 * Gateway's limiter.
 */
const tokenBucket: Algorithm<BucketState> = {
  fresh: (quota, t) => ({ quota, level: quota.max * quota.windowMs, last: t }),
  advance(state, t) {
    const { max, windowMs } = state.quota;
    state.level = Math.min(max * windowMs, state.level + (t - state.last) * max);
    state.last = t;
  },
  remaining: (state) => Math.floor(state.level / state.quota.windowMs),
  consume(state, _t, cost) {
    state.level -= cost * state.quota.windowMs;
  },
  retryAfter: (state, _t, cost) => (cost * state.quota.windowMs - state.level) / state.quota.max,
  resetAfter: (state) => (state.quota.max * state.quota.windowMs - state.level) / state.quota.max,
  idle: (state, t) => state.level + (t - state.last) * state.quota.max >= state.quota.max * state.quota.windowMs,
};

interface WindowState extends KeyState {
  /** Start of the current window: a multiple of windowMs on the clock, not the time of the first request. */
  start: Milliseconds;
  count: number;
}

const windowStart = (t: Milliseconds, windowMs: Milliseconds) => Math.floor(t / windowMs) * windowMs;

/**
 * Fixed window: at most `max` per window `[k·W, (k+1)·W)`. Cheap (two numbers per key) but lets 2 × max through
 * around a boundary: max at the end of one window and max again at the start of the next.
 */
const fixedWindow: Algorithm<WindowState> = {
  fresh: (quota, t) => ({ quota, start: windowStart(t, quota.windowMs), count: 0 }),
  advance(state, t) {
    const start = windowStart(t, state.quota.windowMs);
    if (start !== state.start) {
      state.start = start;
      state.count = 0;
    }
  },
  remaining: (state) => state.quota.max - state.count,
  consume(state, _t, cost) {
    state.count += cost;
  },
  retryAfter: (state, t) => state.start + state.quota.windowMs - t,
  resetAfter: (state, t) => (state.count === 0 ? 0 : state.start + state.quota.windowMs - t),
  idle: (state, t) => state.count === 0 || t >= state.start + state.quota.windowMs,
};

interface LogState extends KeyState {
  /**
   * Admitted requests, oldest first, as pairs [time, cumulative cost through this entry]. Requests at the same
   * instant share one pair, so the log holds at most `max` pairs. Entries before `head` are expired.
   */
  entries: number[];
  head: number;
  /** Cumulative cost of every request admitted, and of those that have expired. */
  admitted: number;
  expired: number;
}

/**
 * Sliding window log: exact. A request at `t` counts while `now < t + W`, i.e. the window is `(now − W, now]`.
 * Memory per key is bounded by `max` entries, old entries are pruned as time moves on.
 */
const slidingLog: Algorithm<LogState> = {
  fresh: (quota) => ({ quota, entries: [], head: 0, admitted: 0, expired: 0 }),
  advance(state, t) {
    const { entries } = state;
    const windowMs = state.quota.windowMs;
    let head = state.head;
    while (head < entries.length && (entries[head] as number) + windowMs <= t) {
      state.expired = entries[head + 1] as number;
      head += 2;
    }
    // Drop the expired prefix once it is at least half the array: amortised O(1) per entry.
    if (head === entries.length) {
      entries.length = 0;
      head = 0;
    } else if (head >= 64 && head * 2 >= entries.length) {
      entries.splice(0, head);
      head = 0;
    }
    state.head = head;
  },
  remaining: (state) => state.quota.max - (state.admitted - state.expired),
  consume(state, t, cost) {
    const { entries } = state;
    state.admitted += cost;
    // A literal of two for the first entry: `push` onto an empty array would reserve V8's first growth step
    // (17 slots), tripling the memory of the most common key, the one that made a single request.
    if (entries.length === 0) state.entries = [t, state.admitted];
    else if (entries[entries.length - 2] === t) entries[entries.length - 1] = state.admitted;
    else entries.push(t, state.admitted);
  },
  retryAfter(state, t, cost) {
    // The oldest entries must expire until `cost` fits: find, by binary search on the cumulative costs, the first
    // entry whose expiry frees enough. O(log max).
    const { entries } = state;
    const mustFree = state.admitted - state.expired + cost - state.quota.max;
    let low = state.head / 2;
    let high = entries.length / 2 - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((entries[2 * mid + 1] as number) - state.expired >= mustFree) high = mid;
      else low = mid + 1;
    }
    return (entries[2 * low] as number) + state.quota.windowMs - t;
  },
  resetAfter: (state, t) =>
    state.admitted === state.expired
      ? 0
      : (state.entries[state.entries.length - 2] as number) + state.quota.windowMs - t,
  idle: (state, t) =>
    state.admitted === state.expired || (state.entries[state.entries.length - 2] as number) + state.quota.windowMs <= t,
};

interface CounterState extends KeyState {
  start: Milliseconds;
  current: number;
  previous: number;
}

/**
 * Sliding window counter (Cloudflare's): two fixed-window counts, the previous weighted by the part of it still
 * inside the sliding window: estimate = previous × (W − elapsed) / W + current. Everything below is multiplied by W
 * to stay in whole numbers.
 */
const slidingCounter: Algorithm<CounterState> = {
  fresh: (quota, t) => ({ quota, start: windowStart(t, quota.windowMs), current: 0, previous: 0 }),
  advance(state, t) {
    const { windowMs } = state.quota;
    const start = windowStart(t, windowMs);
    if (start === state.start) return;
    state.previous = start === state.start + windowMs ? state.current : 0;
    state.current = 0;
    state.start = start;
  },
  remaining(state, t) {
    const { max, windowMs } = state.quota;
    return Math.floor((max * windowMs - weighted(state, t)) / windowMs);
  },
  consume(state, _t, cost) {
    state.current += cost;
  },
  retryAfter(state, t, cost) {
    const { max, windowMs } = state.quota;
    const elapsed = t - state.start;
    // Later in this window, once the previous window's weight has dropped enough?
    const room = max - state.current - cost;
    if (room >= 0 && state.previous > 0) {
      const wait = windowMs - elapsed - Math.floor((room * windowMs) / state.previous);
      if (wait < windowMs - elapsed) return wait;
    }
    // Otherwise in the next window, where this window's count becomes the previous one.
    const into =
      state.current === 0 ? 0 : Math.max(0, windowMs - Math.floor(((max - cost) * windowMs) / state.current));
    return windowMs - elapsed + into;
  },
  resetAfter(state, t) {
    const end = state.start + state.quota.windowMs;
    if (state.current > 0) return end + state.quota.windowMs - t;
    return state.previous > 0 ? end - t : 0;
  },
  idle(state, t) {
    const end = state.start + state.quota.windowMs;
    if (t >= end + state.quota.windowMs) return true;
    return state.current === 0 && (state.previous === 0 || t >= end);
  },
};

/** The estimate × W at `t`, in whole units: previous × (W − elapsed) + current × W. */
function weighted(state: CounterState, t: Milliseconds): number {
  const { windowMs } = state.quota;
  return state.previous * (windowMs - (t - state.start)) + state.current * windowMs;
}

const algorithms = new Map<RateLimitStrategy, Algorithm<KeyState>>([
  [RateLimitStrategy.TOKEN_BUCKET, tokenBucket as Algorithm<KeyState>],
  [RateLimitStrategy.FIXED_WINDOW, fixedWindow as Algorithm<KeyState>],
  [RateLimitStrategy.SLIDING_WINDOW_LOG, slidingLog as Algorithm<KeyState>],
  [RateLimitStrategy.SLIDING_WINDOW_COUNTER, slidingCounter as Algorithm<KeyState>],
]);

// ---------------------------------------------------------------------------------------------------------------
// Validation, with the workbook's messages: what was expected, and what was got.

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function quote(key: string): string {
  return `'${key.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

const strategies: readonly string[] = Object.values(RateLimitStrategy);

function checkStrategy(strategy: unknown): RateLimitStrategy {
  const expected = `Expected \`strategy\` to be one of ${strategies.map((name) => `'${name}'`).join(', ')}`;
  if (typeof strategy !== 'string') throw new TypeError(`${expected}, got ${describe(strategy)}`);
  if (!strategies.includes(strategy)) throw new RangeError(`${expected}, got ${describe(strategy)}`);
  return strategy as RateLimitStrategy;
}

function checkObject(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected \`${name}\` to be an object, got ${describe(value)}`);
  }
}

/** Validates a limit; `prefix` names where it came from in messages (`overrides['vip'].`, `limitFor('vip').`). */
function checkLimit(limit: Limit, prefix: string): Quota {
  checkObject(prefix === '' ? 'options' : prefix.slice(0, -1), limit);
  const { maxRequests, timeWindowSeconds } = limit;
  const maxName = `${prefix}maxRequests`;
  if (typeof maxRequests !== 'number') {
    throw new TypeError(`Expected \`${maxName}\` to be a positive integer, got ${describe(maxRequests)}`);
  }
  if (!Number.isSafeInteger(maxRequests) || maxRequests < 1) {
    throw new RangeError(`Expected \`${maxName}\` to be a positive integer, got ${describe(maxRequests)}`);
  }
  const windowName = `${prefix}timeWindowSeconds`;
  const expected = `Expected \`${windowName}\` to be a positive number of seconds in whole milliseconds`;
  if (typeof timeWindowSeconds !== 'number') throw new TypeError(`${expected}, got ${describe(timeWindowSeconds)}`);
  const ms = timeWindowSeconds * 1000;
  const windowMs = Math.round(ms);
  // Whole milliseconds keep every computation exact (0.25 s is 250 ms; 0.0005 s is not allowed).
  if (!Number.isSafeInteger(windowMs) || windowMs < 1 || Math.abs(ms - windowMs) > 1e-9 * windowMs) {
    throw new RangeError(`${expected}, got ${describe(timeWindowSeconds)}`);
  }
  return { max: maxRequests, windowMs };
}

function checkCost(cost: unknown): void {
  if (typeof cost !== 'number') {
    throw new TypeError(`Expected \`cost\` to be a non-negative integer, got ${describe(cost)}`);
  }
  if (!Number.isSafeInteger(cost) || cost < 0) {
    throw new RangeError(`Expected \`cost\` to be a non-negative integer, got ${describe(cost)}`);
  }
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
