/**
 * Rate limiter factory — your implementation goes here.
 *
 * Read katas/rate-limiter-factory/README.md for the contract, level by level. `npm run kata rate-limiter-factory`
 * runs the specs on every save. Replace each `throw` with real code; keep the exported names and signatures, the
 * specs import them. Errors are the built-in `TypeError` (wrong type) and `RangeError` (right type, wrong value),
 * with messages like ``Expected `maxRequests` to be a positive integer, got `0` (number)``.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

/** Level 1. The four algorithms the factory builds. */
export const RateLimitStrategy = {
  TOKEN_BUCKET: 'token-bucket',
  FIXED_WINDOW: 'fixed-window',
  SLIDING_WINDOW_LOG: 'sliding-window-log',
  SLIDING_WINDOW_COUNTER: 'sliding-window-counter',
} as const;

export type RateLimitStrategy = (typeof RateLimitStrategy)[keyof typeof RateLimitStrategy];

/** At most `maxRequests` (a positive integer) per `timeWindowSeconds` (positive, in whole milliseconds). */
export interface Limit {
  readonly maxRequests: number;
  readonly timeWindowSeconds: number;
}

export interface RateLimiterOptions extends Limit {
  /** Level 1. The clock, in milliseconds. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
  /** Level 3. Limits for particular keys (a premium tier), instead of the default limit. */
  readonly overrides?: Readonly<Record<string, Limit>>;
  /**
   * Level 3. The limit of a key that has no entry in `overrides`; `undefined` means the default limit. Must give
   * the same answer for the same key every time (the limiter may call it whenever it likes, or not at all).
   */
  readonly limitFor?: (key: string) => Limit | undefined;
}

/** The answer to one `tryAcquire`. */
export interface RateLimitDecision {
  /** Whether the request was admitted (and its cost taken). */
  readonly allowed: boolean;
  /** The largest cost a request to the same key would be allowed at this instant, after this decision. */
  readonly remaining: number;
  /**
   * 0 when allowed. When denied: the least whole number of milliseconds after which the same request is allowed,
   * if nothing else happens in between; `Infinity` when it never can be (cost above the key's limit).
   */
  readonly retryAfterMs: Milliseconds;
  /** The key's `maxRequests`. */
  readonly limit: number;
  /** The least wait (whole ms) after which the key's full limit is available again; 0 when it already is. */
  readonly resetAfterMs?: Milliseconds;
}

/** Level 1. What every strategy implements. */
export interface RateLimiter {
  /** The strategy it was created with. */
  readonly strategy: RateLimitStrategy;
  /** Level 2. How many keys the limiter holds state for (idle keys are forgotten within a bounded number of calls). */
  readonly trackedKeys: number;
  /**
   * Decides one request of `cost` (a non-negative integer, default 1) for `key` (default `''`, one shared key).
   * Allowed requests take their cost; denied ones change nothing. Cost 0 is a peek: always allowed, takes nothing.
   */
  tryAcquire(key?: string, cost?: number): RateLimitDecision;
}

/** Level 1. Builds a limiter; see the README for the validation of every option. */
export const RateLimiterFactory = {
  create(strategy: RateLimitStrategy, options: RateLimiterOptions): RateLimiter {
    void strategy;
    void options;
    throw new Error('Not implemented: RateLimiterFactory.create (katas/rate-limiter-factory/index.ts)');
  },
};

/** Level 4. A decision as HTTP: a status and the headers to send. */
export interface HttpRateLimit {
  readonly status: 200 | 429;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Level 4. `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (delta-seconds, rounded up; only when the
 * decision has `resetAfterMs`), and on a denial status 429 with `Retry-After` in seconds, rounded up (none when
 * `retryAfterMs` is `Infinity`). Allowed: status 200.
 */
export function toHttp(decision: RateLimitDecision): HttpRateLimit {
  void decision;
  throw new Error('Not implemented: toHttp');
}

/** Level 4. The part of a Node `ServerResponse` (or Express `res`) the middleware uses. */
export interface RateLimitResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export interface MiddlewareOptions<Req> {
  /** The key of a request: user id, API key, client address. */
  readonly key: (req: Req) => string;
  /** The cost of a request. Default: 1. */
  readonly cost?: (req: Req) => number;
}

export type Middleware<Req, Res extends RateLimitResponse = RateLimitResponse> = (
  req: Req,
  res: Res,
  next: (error?: unknown) => void,
) => void;

/**
 * Level 4. A framework-free `(req, res, next)` middleware: sets the `RateLimit-*` headers on every response; when
 * allowed calls `next()`; when denied answers 429 with `Retry-After` and the body `Too Many Requests`, and does not
 * call `next`. An error from `key`, `cost` or the limiter goes to `next(error)`.
 */
export function rateLimitMiddleware<Req, Res extends RateLimitResponse = RateLimitResponse>(
  limiter: RateLimiter,
  options: MiddlewareOptions<Req>,
): Middleware<Req, Res> {
  void limiter;
  void options;
  throw new Error('Not implemented: rateLimitMiddleware');
}
