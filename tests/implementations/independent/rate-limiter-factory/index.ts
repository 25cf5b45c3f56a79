/**
 * Rate limiter factory — independent implementation written from katas/rate-limiter-factory/README.md only.
 *
 * Deliberately different from the reference:
 * - one class per strategy (no shared table of functions); the keyed bookkeeping is a base class;
 * - the token bucket is GCRA (the "generic cell rate algorithm" of ATM networks, as in redis-cell): one number per
 *   key, the theoretical arrival time, kept in units of ms × maxRequests so that it stays whole;
 * - the log stores one timestamp per unit of cost, so the wait is read at one index (no search);
 * - the counter finds its wait by bisection over the monotone estimate, not by a closed formula;
 * - idle keys are reclaimed through a FIFO queue of keys (re-queued while busy), not a Map iterator.
 */

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

function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else text = String(value);
  return `\`${text}\` (${value === null ? 'null' : typeof value})`;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(name: string, value: unknown): void {
  if (!isPlainObject(value)) throw new TypeError(`Expected \`${name}\` to be an object, got ${show(value)}`);
}

function requireFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${show(value)}`);
  return value;
}

interface Rule {
  readonly n: number;
  readonly w: number;
}

function toRule(limit: unknown, where: string): Rule {
  requireObject(where === '' ? 'options' : where.slice(0, -1), limit);
  const { maxRequests: n, timeWindowSeconds: seconds } = limit as Limit;
  const nMessage = `Expected \`${where}maxRequests\` to be a positive integer, got ${show(n)}`;
  if (typeof n !== 'number') throw new TypeError(nMessage);
  if (!(Number.isInteger(n) && n >= 1 && n <= Number.MAX_SAFE_INTEGER)) throw new RangeError(nMessage);
  const wMessage = `Expected \`${where}timeWindowSeconds\` to be a positive number of seconds in whole milliseconds, got ${show(seconds)}`;
  if (typeof seconds !== 'number') throw new TypeError(wMessage);
  const w = Math.round(seconds * 1000);
  if (!(Number.isFinite(seconds) && w >= 1 && Math.abs(seconds * 1000 - w) <= w * 1e-9)) throw new RangeError(wMessage);
  return { n, w };
}

/** Per-key state of one strategy. `now` never decreases between calls on the same state. */
abstract class Cell {
  constructor(readonly rule: Rule) {}
  /** Largest cost that fits at `now`. */
  abstract room(now: number): number;
  abstract take(now: number, cost: number): void;
  /** Least whole wait until `cost` (≤ n) fits. */
  abstract wait(now: number, cost: number): number;
  /** Least whole wait until room is n. */
  abstract untilFull(now: number): number;
}

/** GCRA in units of ms × n: each unit of cost moves the theoretical arrival time by w. */
class GcraCell extends Cell {
  tat = Number.NEGATIVE_INFINITY;
  #scaled(now: number): { t: number; busy: number } {
    const t = now * this.rule.n;
    return { t, busy: Math.max(0, this.tat - t) };
  }
  room(now: number): number {
    const { busy } = this.#scaled(now);
    return Math.floor((this.rule.w * this.rule.n - busy) / this.rule.w);
  }
  take(now: number, cost: number): void {
    const { t } = this.#scaled(now);
    this.tat = Math.max(this.tat, t) + cost * this.rule.w;
  }
  wait(now: number, cost: number): number {
    const { busy } = this.#scaled(now);
    return Math.ceil((busy + cost * this.rule.w - this.rule.w * this.rule.n) / this.rule.n);
  }
  untilFull(now: number): number {
    return Math.ceil(this.#scaled(now).busy / this.rule.n);
  }
}

class FixedCell extends Cell {
  index = Number.NEGATIVE_INFINITY;
  used = 0;
  #roll(now: number): void {
    const index = Math.floor(now / this.rule.w);
    if (index !== this.index) {
      this.index = index;
      this.used = 0;
    }
  }
  room(now: number): number {
    this.#roll(now);
    return this.rule.n - this.used;
  }
  take(now: number, cost: number): void {
    this.#roll(now);
    this.used += cost;
  }
  wait(now: number): number {
    return Math.ceil((this.index + 1) * this.rule.w - now);
  }
  untilFull(now: number): number {
    this.#roll(now);
    return this.used === 0 ? 0 : Math.ceil((this.index + 1) * this.rule.w - now);
  }
}

/** One timestamp per unit admitted, oldest first, from `first` on. */
class LogCell extends Cell {
  stamps: number[] = [];
  first = 0;
  #prune(now: number): void {
    const { stamps } = this;
    while (this.first < stamps.length && (stamps[this.first] as number) <= now - this.rule.w) this.first++;
    if (this.first > 32 && this.first * 2 > stamps.length) {
      this.stamps = stamps.slice(this.first);
      this.first = 0;
    }
  }
  get size(): number {
    return this.stamps.length - this.first;
  }
  room(now: number): number {
    this.#prune(now);
    return this.rule.n - this.size;
  }
  take(now: number, cost: number): void {
    this.#prune(now);
    for (let i = 0; i < cost; i++) this.stamps.push(now);
  }
  wait(now: number, cost: number): number {
    // The (size + cost − n)-th oldest unit must leave the window.
    const leaving = this.stamps[this.first + this.size + cost - this.rule.n - 1] as number;
    return Math.ceil(leaving + this.rule.w - now);
  }
  untilFull(now: number): number {
    this.#prune(now);
    return this.size === 0 ? 0 : Math.ceil((this.stamps[this.stamps.length - 1] as number) + this.rule.w - now);
  }
}

class CounterCell extends Cell {
  index = Number.NEGATIVE_INFINITY;
  current = 0;
  previous = 0;
  /** The counts as they would be at `now`, without changing anything. */
  #at(now: number): { current: number; previous: number; elapsed: number } {
    const index = Math.floor(now / this.rule.w);
    const elapsed = now - index * this.rule.w;
    if (index === this.index) return { current: this.current, previous: this.previous, elapsed };
    if (index === this.index + 1) return { current: 0, previous: this.current, elapsed };
    return { current: 0, previous: 0, elapsed };
  }
  #roll(now: number): void {
    const { current, previous } = this.#at(now);
    this.index = Math.floor(now / this.rule.w);
    this.current = current;
    this.previous = previous;
  }
  /** Room at `now` from the state as it stands (no requests in between). */
  #roomAt(now: number): number {
    const { current, previous, elapsed } = this.#at(now);
    const { n, w } = this.rule;
    return Math.floor((n * w - previous * (w - elapsed) - current * w) / w);
  }
  room(now: number): number {
    this.#roll(now);
    return this.#roomAt(now);
  }
  take(now: number, cost: number): void {
    this.#roll(now);
    this.current += cost;
  }
  wait(now: number, cost: number): number {
    // The estimate never rises with time, so the first instant with enough room is found by bisection.
    let low = 0;
    let high = 2 * this.rule.w;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (this.#roomAt(now + mid) >= cost) high = mid;
      else low = mid;
    }
    return high;
  }
  untilFull(now: number): number {
    const { n } = this.rule;
    if (this.#roomAt(now) >= n) return 0;
    let low = 0;
    let high = 2 * this.rule.w;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (this.#roomAt(now + mid) >= n) high = mid;
      else low = mid;
    }
    return high;
  }
}

const cells: Record<RateLimitStrategy, new (rule: Rule) => Cell> = {
  'token-bucket': GcraCell,
  'fixed-window': FixedCell,
  'sliding-window-log': LogCell,
  'sliding-window-counter': CounterCell,
};

class Limiter implements RateLimiter {
  readonly #strategy: RateLimitStrategy;
  readonly #Cell: new (
    rule: Rule,
  ) => Cell;
  readonly #clock: () => number;
  readonly #base: Rule;
  readonly #special = new Map<string, Rule>();
  readonly #resolve: ((key: string) => Limit | undefined) | undefined;
  readonly #cells = new Map<string, Cell>();
  /** Keys waiting to be looked at by the reclaimer, oldest first (from `#queueHead`). */
  #queue: string[] = [];
  #queueHead = 0;
  #clockHigh = Number.NEGATIVE_INFINITY;

  constructor(strategy: RateLimitStrategy, options: RateLimiterOptions) {
    requireObject('options', options);
    this.#strategy = strategy;
    this.#Cell = cells[strategy];
    this.#base = toRule(options, '');
    this.#clock = options.now === undefined ? () => Date.now() : requireFunction('now', options.now);
    this.#resolve = options.limitFor === undefined ? undefined : requireFunction('limitFor', options.limitFor);
    if (options.overrides !== undefined) {
      requireObject('overrides', options.overrides);
      for (const key of Object.keys(options.overrides)) {
        this.#special.set(key, toRule(options.overrides[key], `overrides['${key}'].`));
      }
    }
  }

  get strategy(): RateLimitStrategy {
    return this.#strategy;
  }

  get trackedKeys(): number {
    return this.#cells.size;
  }

  tryAcquire(key: string = '', cost: number = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`Expected \`key\` to be a string, got ${show(key)}`);
    const costMessage = `Expected \`cost\` to be a non-negative integer, got ${show(cost)}`;
    if (typeof cost !== 'number') throw new TypeError(costMessage);
    if (!(Number.isInteger(cost) && cost >= 0 && cost <= Number.MAX_SAFE_INTEGER)) throw new RangeError(costMessage);
    this.#clockHigh = Math.max(this.#clockHigh, this.#clock());
    const now = this.#clockHigh;
    const existing = this.#cells.get(key);
    const cell = existing ?? new this.#Cell(this.#ruleOf(key));
    const { n } = cell.rule;
    let allowed = cost <= n && cell.room(now) >= cost;
    if (allowed && cost > 0) {
      cell.take(now, cost);
      if (existing === undefined) {
        this.#cells.set(key, cell);
        this.#queue.push(key);
      }
    }
    if (cost === 0) allowed = true;
    const result: RateLimitDecision = {
      allowed,
      remaining: cell.room(now),
      retryAfterMs: allowed ? 0 : cost > n ? Number.POSITIVE_INFINITY : cell.wait(now, cost),
      limit: n,
      resetAfterMs: cell.untilFull(now),
    };
    this.#reclaim(now);
    return result;
  }

  #ruleOf(key: string): Rule {
    const special = this.#special.get(key);
    if (special !== undefined) return special;
    const resolved = this.#resolve?.(key);
    return resolved === undefined ? this.#base : toRule(resolved, `limitFor('${key}').`);
  }

  /** Looks at the two keys at the front of the queue: idle ones are dropped, busy ones go to the back. */
  #reclaim(now: number): void {
    for (let look = 0; look < 2 && this.#queueHead < this.#queue.length; look++) {
      const key = this.#queue[this.#queueHead] as string;
      this.#queueHead++;
      const cell = this.#cells.get(key);
      if (cell === undefined) continue;
      if (cell.untilFull(now) === 0) this.#cells.delete(key);
      else this.#queue.push(key);
    }
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
  }
}

const names = Object.values(RateLimitStrategy) as string[];

export const RateLimiterFactory = {
  create(strategy: RateLimitStrategy, options: RateLimiterOptions): RateLimiter {
    const message = `Expected \`strategy\` to be one of ${names.map((name) => `'${name}'`).join(', ')}, got ${show(strategy)}`;
    if (typeof strategy !== 'string') throw new TypeError(message);
    if (!names.includes(strategy)) throw new RangeError(message);
    return new Limiter(strategy, options);
  },
};

export interface HttpRateLimit {
  readonly status: 200 | 429;
  readonly headers: Readonly<Record<string, string>>;
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)}`;

export function toHttp(decision: RateLimitDecision): HttpRateLimit {
  const headers: Record<string, string> = {};
  headers['RateLimit-Limit'] = `${decision.limit}`;
  headers['RateLimit-Remaining'] = `${decision.remaining}`;
  if (typeof decision.resetAfterMs === 'number') headers['RateLimit-Reset'] = seconds(decision.resetAfterMs);
  if (!decision.allowed && decision.retryAfterMs !== Number.POSITIVE_INFINITY) {
    headers['Retry-After'] = seconds(decision.retryAfterMs);
  }
  return { status: decision.allowed ? 200 : 429, headers };
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
  if (!(typeof limiter === 'object' && limiter !== null && typeof limiter.tryAcquire === 'function')) {
    throw new TypeError(`Expected \`limiter\` to be a RateLimiter, got ${show(limiter)}`);
  }
  requireObject('options', options);
  requireFunction('key', options.key);
  if (options.cost !== undefined) requireFunction('cost', options.cost);
  return function rateLimited(req, res, next) {
    let answer: HttpRateLimit | undefined;
    let failure: { error: unknown } | undefined;
    try {
      answer = toHttp(limiter.tryAcquire(options.key(req), options.cost ? options.cost(req) : 1));
    } catch (error) {
      failure = { error };
    }
    if (failure !== undefined || answer === undefined) {
      next(failure?.error);
      return;
    }
    for (const name of Object.keys(answer.headers)) res.setHeader(name, answer.headers[name] as string);
    if (answer.status === 429) {
      res.statusCode = 429;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Too Many Requests');
    } else {
      next();
    }
  };
}
