/**
 * Retry with backoff — your implementation goes here.
 *
 * Read katas/retry-backoff/README.md for the contract, level by level. `npm run kata retry-backoff` runs the specs
 * on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs import
 * them.
 */

/** Milliseconds. */
export type Milliseconds = number;

/** Level 1. The shape of the delays: `base`, `base × retry`, or `base × 2^(retry − 1)`. */
export type Backoff = 'fixed' | 'linear' | 'exponential';

/** Level 2. The jitter strategies of the AWS Architecture Blog's "Exponential Backoff And Jitter". */
export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

export interface DelayPolicy {
  /** Level 1. The first retry's delay: a finite number of milliseconds ≥ 0. Required. */
  readonly base: Milliseconds;
  /** Level 1. Default: `'exponential'`. */
  readonly backoff?: Backoff;
  /** Level 2. No delay exceeds it: a number of milliseconds ≥ 0, or `Infinity`. Default: `Infinity`. */
  readonly maxDelay?: Milliseconds;
  /** Level 2. Default: `'none'`. */
  readonly jitter?: Jitter;
  /** Level 2. The random source, returning a number in [0, 1). Default: `Math.random`. Read only by jitter. */
  readonly random?: () => number;
}

export interface RetryPolicy extends DelayPolicy {
  /**
   * Level 3. How many tries in all, **including the first**: 1 means no retry, 3 means the first try and at most
   * two retries. A positive integer, or `Infinity`. Required.
   */
  readonly attempts: number;
  /** Level 3. Whether an error may be retried; `false` gives up at once. Default: every error is retryable. */
  readonly retryable?: (error: unknown) => boolean;
  /**
   * Level 4. The time budget in milliseconds, counted from the start of the first try: no retry starts at or after
   * it. A number ≥ 0, or `Infinity`. Default: `Infinity`.
   */
  readonly maxElapsed?: Milliseconds;
}

/** What each try receives. */
export interface AttemptContext {
  /** Level 3. 1 for the first try, 2 for the first retry … */
  readonly attempt: number;
  /** Level 4. The signal given in the options, for the try to honour; `undefined` without one. */
  readonly signal: AbortSignal | undefined;
}

export interface RetryOptions {
  /** Level 3. How to wait between tries. Default: a `setTimeout` timer. */
  readonly sleep?: (delay: Milliseconds, signal: AbortSignal | undefined) => Promise<void>;
  /** Level 4. Aborting it stops the run: no new try, and a wait in progress ends at once. */
  readonly signal?: AbortSignal;
  /** Level 4. The clock for `maxElapsed`. Default: `Date.now`. Read only when `maxElapsed` is finite. */
  readonly now?: () => Milliseconds;
}

/** Level 3/4. Why `retry` gave up. */
export type GiveUpReason = 'exhausted' | 'not-retryable' | 'aborted' | 'budget';

/**
 * Level 3. What `retry` rejects with when it gives up: `errors` holds every error the tries threw, in order;
 * `cause` is the last of them (for `'aborted'`, the signal's reason); `attempts` is the number of tries made.
 * Complete already: you only need to throw it.
 */
export class RetryError extends AggregateError {
  override name = 'RetryError';
  readonly reason: GiveUpReason;
  readonly attempts: number;

  constructor(errors: readonly unknown[], reason: GiveUpReason, attempts: number, cause: unknown) {
    const last = errors.at(-1);
    const detail = last instanceof Error ? `: ${last.message}` : errors.length > 0 ? `: ${String(last)}` : '';
    super(errors, `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason})${detail}`, { cause });
    this.reason = reason;
    this.attempts = attempts;
  }
}

/**
 * Level 1. The delay before retry number `retry` (1 is the first retry, the wait between try 1 and try 2).
 * Level 2: capped by `maxDelay`, then jittered; `previousDelay` (the delay this function returned for the previous
 * retry; default `base`) feeds decorrelated jitter.
 * @throws TypeError / RangeError for a bad policy, `retry` or `previousDelay` (see the README).
 */
export function computeDelay(policy: DelayPolicy, retry: number, previousDelay?: Milliseconds): Milliseconds {
  void policy;
  void retry;
  void previousDelay;
  throw new Error('Not implemented: computeDelay (katas/retry-backoff/index.ts)');
}

/**
 * Level 2. The delays before retries 1 … `retries`, each computed as `computeDelay` would with the previous one
 * fed back (what a run of `retry` waits, when every try fails).
 */
export function delaySchedule(policy: DelayPolicy, retries: number): Milliseconds[] {
  void policy;
  void retries;
  throw new Error('Not implemented: delaySchedule');
}

/**
 * Level 3. Calls `fn` until it succeeds and resolves with its result, waiting `computeDelay` between tries; gives
 * up with a `RetryError`. Level 4: abort signal and time budget.
 */
export function retry<T>(
  fn: (context: AttemptContext) => T | Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  void fn;
  void policy;
  void options;
  throw new Error('Not implemented: retry');
}
