/**
 * Circuit breaker — your implementation goes here.
 *
 * Read katas/circuit-breaker/README.md for the contract, level by level. `npm run kata circuit-breaker` runs the
 * specs on every save. Replace each `throw` with real code; keep the exported names and signatures, the specs
 * import them.
 */

/** Milliseconds, as returned by the `now` clock. */
export type Milliseconds = number;

export type CircuitState = 'closed' | 'open' | 'half-open';

/** Level 3. What `onStateChange` receives. */
export interface StateChange {
  readonly from: CircuitState;
  readonly to: CircuitState;
}

/** Level 4. Open when, among the calls settled in the last `windowMs`, at least `minimumCalls` and a share of failures of at least `threshold`. */
export interface FailureRate {
  /** A number in (0, 1]: 0.5 opens at 50% failures or more. */
  readonly threshold: number;
  /** Length of the rolling window, in milliseconds (positive, finite). */
  readonly windowMs: Milliseconds;
  /** Fewer settled calls than this in the window never open the circuit. */
  readonly minimumCalls: number;
}

export interface CircuitBreakerOptions {
  /** Level 1. Consecutive failures that open a closed circuit. Default: 5. */
  readonly failureThreshold?: number;
  /** Level 1. How long the circuit stays open before it half-opens, in ms (finite, ≥ 0). Default: 30_000. */
  readonly cooldownMs?: Milliseconds;
  /** Level 1. The clock. Default: `Date.now`. */
  readonly now?: () => Milliseconds;
  /** Level 2. Trial calls allowed in flight at once while half-open. Default: 1. */
  readonly halfOpenMaxCalls?: number;
  /** Level 2. Successful trials that close a half-open circuit. Default: 1. */
  readonly successThreshold?: number;
  /** Level 3. Whether a rejection counts as a failure; `false` counts it as a success. Default: every rejection fails. */
  readonly isFailure?: (error: unknown) => boolean;
  /** Level 3. Called synchronously at each transition, once the breaker is in the new state. */
  readonly onStateChange?: (change: StateChange) => void;
  /** Level 4. Open on a failure rate over a rolling window instead of a consecutive count. */
  readonly failureRate?: FailureRate;
}

/** The base class of the breaker's own errors. */
export class CircuitBreakerError extends Error {
  override name = 'CircuitBreakerError';
}

/** Level 1. The rejection of a call the breaker did not let through. */
export class CircuitOpenError extends CircuitBreakerError {
  override name = 'CircuitOpenError';
  /** `'open'`, or (level 2) `'half-open'` when every trial slot is taken. */
  readonly state: 'open' | 'half-open';
  /** Milliseconds until the cool-down ends (`0` when half-open). */
  readonly retryAfterMs: Milliseconds;

  constructor(state: 'open' | 'half-open', retryAfterMs: Milliseconds) {
    super(
      state === 'open'
        ? `The circuit is open: retry in ${retryAfterMs} ms`
        : 'The circuit is half-open and all its trial calls are in flight: retry when one settles',
    );
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

export class CircuitBreaker {
  /**
   * Level 1. A closed breaker.
   * @throws TypeError / RangeError for a wrong option (see the README).
   */
  constructor(options: CircuitBreakerOptions = {}) {
    void options;
    throw new Error('Not implemented: CircuitBreaker constructor (katas/circuit-breaker/index.ts)');
  }

  /** Level 1. The current state (level 2: ends the cool-down if it is over). */
  get state(): CircuitState {
    throw new Error('Not implemented: CircuitBreaker.state');
  }

  /**
   * Level 1. Calls `fn` if the circuit lets it through and returns its result; records the outcome before the
   * returned promise settles. Rejects with `CircuitOpenError` without calling `fn` otherwise.
   */
  execute<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    void fn;
    return Promise.reject(new Error('Not implemented: CircuitBreaker.execute'));
  }
}
