/**
 * Circuit breaker — reference solution.
 *
 * A three-state machine (closed → open → half-open → closed | open) in the shape Michael Nygard described in
 * "Release It!" and resilience4j implements. Two details make it correct under concurrency, which in a
 * single-threaded runtime means "across `await`":
 *
 * - Every transition starts a new *period* (a counter). A call remembers the period it was let through in, and its
 *   outcome is recorded only if that period is still current when it settles. A slow call from an earlier period
 *   can therefore never re-open or close a circuit that has moved on.
 * - The open → half-open change is lazy: it happens at the first `state` read or `execute` at or after the end of
 *   the cool-down. No timers, so nothing keeps the process alive and an injected clock drives everything.
 */

export type Milliseconds = number;

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface StateChange {
  readonly from: CircuitState;
  readonly to: CircuitState;
}

export interface FailureRate {
  readonly threshold: number;
  readonly windowMs: Milliseconds;
  readonly minimumCalls: number;
}

export interface CircuitBreakerOptions {
  readonly failureThreshold?: number;
  readonly cooldownMs?: Milliseconds;
  readonly now?: () => Milliseconds;
  readonly halfOpenMaxCalls?: number;
  readonly successThreshold?: number;
  readonly isFailure?: (error: unknown) => boolean;
  readonly onStateChange?: (change: StateChange) => void;
  readonly failureRate?: FailureRate;
}

export class CircuitBreakerError extends Error {
  override name = 'CircuitBreakerError';
}

export class CircuitOpenError extends CircuitBreakerError {
  override name = 'CircuitOpenError';
  readonly state: 'open' | 'half-open';
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

/** One settled call in the rolling window. */
interface Outcome {
  readonly at: Milliseconds;
  readonly failed: boolean;
}

export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: Milliseconds;
  readonly #now: () => Milliseconds;
  readonly #halfOpenMaxCalls: number;
  readonly #successThreshold: number;
  readonly #isFailure: ((error: unknown) => boolean) | undefined;
  readonly #onStateChange: ((change: StateChange) => void) | undefined;
  readonly #rate: FailureRate | undefined;

  #state: CircuitState = 'closed';
  /** Bumped at every transition; a call's outcome counts only in the period it was let through in. */
  #period = 0;
  #consecutiveFailures = 0;
  #openedAt: Milliseconds = 0;
  #trialsInFlight = 0;
  #trialSuccesses = 0;
  /** The rolling window as a queue: `#window[#windowStart…]` are the outcomes still inside it, oldest first. */
  #window: Outcome[] = [];
  #windowStart = 0;
  #windowFailures = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    if (options.failureThreshold !== undefined && options.failureRate !== undefined) {
      throw new TypeError('Expected either `failureThreshold` or `failureRate`, got both');
    }
    this.#failureThreshold =
      options.failureThreshold === undefined ? 5 : checkCount('failureThreshold', options.failureThreshold);
    this.#cooldownMs = options.cooldownMs === undefined ? 30_000 : checkCooldown(options.cooldownMs);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#halfOpenMaxCalls =
      options.halfOpenMaxCalls === undefined ? 1 : checkCount('halfOpenMaxCalls', options.halfOpenMaxCalls);
    this.#successThreshold =
      options.successThreshold === undefined ? 1 : checkCount('successThreshold', options.successThreshold);
    this.#isFailure = options.isFailure === undefined ? undefined : checkFunction('isFailure', options.isFailure);
    this.#onStateChange =
      options.onStateChange === undefined ? undefined : checkFunction('onStateChange', options.onStateChange);
    this.#rate = options.failureRate === undefined ? undefined : checkRate(options.failureRate);
  }

  get state(): CircuitState {
    this.#refresh();
    return this.#state;
  }

  async execute<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`Expected \`fn\` to be a function, got ${describe(fn)}`);
    this.#refresh();
    if (this.#state === 'open') {
      throw new CircuitOpenError('open', this.#openedAt + this.#cooldownMs - this.#now());
    }
    if (this.#state === 'half-open') {
      if (this.#trialsInFlight >= this.#halfOpenMaxCalls) throw new CircuitOpenError('half-open', 0);
      this.#trialsInFlight++;
    }
    const period = this.#period;
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      this.#record(period, this.#counts(error));
      throw error;
    }
    this.#record(period, false);
    return result;
  }

  /** Whether a rejection counts as a failure; a predicate that throws counts it as one. */
  #counts(error: unknown): boolean {
    if (this.#isFailure === undefined) return true;
    try {
      return Boolean(this.#isFailure(error));
    } catch {
      return true;
    }
  }

  /** Ends the cool-down if it is over; the only place open → half-open happens. */
  #refresh(): void {
    if (this.#state === 'open' && this.#now() >= this.#openedAt + this.#cooldownMs) this.#enter('half-open');
  }

  #record(period: number, failed: boolean): void {
    if (period !== this.#period) return; // a stale outcome: the circuit has moved on since this call started
    if (this.#state === 'half-open') {
      this.#trialsInFlight--;
      if (failed) this.#enter('open');
      else if (++this.#trialSuccesses >= this.#successThreshold) this.#enter('closed');
      return;
    }
    // Closed (an open circuit lets nothing through, so no call of its period can settle).
    if (this.#rate === undefined) {
      this.#consecutiveFailures = failed ? this.#consecutiveFailures + 1 : 0;
      if (this.#consecutiveFailures >= this.#failureThreshold) this.#enter('open');
      return;
    }
    const now = this.#now();
    this.#window.push({ at: now, failed });
    if (failed) this.#windowFailures++;
    this.#evictBefore(now);
    const calls = this.#window.length - this.#windowStart;
    if (calls >= this.#rate.minimumCalls && this.#windowFailures / calls >= this.#rate.threshold) this.#enter('open');
  }

  /** Drops outcomes that left the window: one settled at `c` counts while `now < c + windowMs`. O(1) amortised. */
  #evictBefore(now: Milliseconds): void {
    const windowMs = (this.#rate as FailureRate).windowMs;
    const window = this.#window;
    while (this.#windowStart < window.length) {
      const oldest = window[this.#windowStart] as Outcome;
      if (now < oldest.at + windowMs) break;
      if (oldest.failed) this.#windowFailures--;
      this.#windowStart++;
    }
    // Compact once the dead prefix is half the array, so memory stays bounded by one window.
    if (this.#windowStart > 32 && this.#windowStart * 2 > window.length) {
      this.#window = window.slice(this.#windowStart);
      this.#windowStart = 0;
    }
  }

  /** Moves to `to` and starts a new period; the listener runs once the breaker is fully in the new state. */
  #enter(to: CircuitState): void {
    const from = this.#state;
    this.#state = to;
    this.#period++;
    this.#trialsInFlight = 0;
    this.#trialSuccesses = 0;
    this.#consecutiveFailures = 0;
    this.#window = [];
    this.#windowStart = 0;
    this.#windowFailures = 0;
    if (to === 'open') this.#openedAt = this.#now();
    this.#onStateChange?.({ from, to });
  }
}

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkCount(name: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new TypeError(`Expected \`${name}\` to be a positive integer, got ${describe(value)}`);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Expected \`${name}\` to be a positive integer, got ${describe(value)}`);
  }
  return value;
}

function checkCooldown(value: unknown): Milliseconds {
  const message = `Expected \`cooldownMs\` to be a non-negative finite number of milliseconds, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(message);
  return value;
}

function checkRate(rate: unknown): FailureRate {
  if (typeof rate !== 'object' || rate === null) {
    throw new TypeError(`Expected \`failureRate\` to be an object, got ${describe(rate)}`);
  }
  const { threshold, windowMs, minimumCalls } = rate as Record<string, unknown>;
  const thresholdMessage = `Expected \`failureRate.threshold\` to be a number in (0, 1], got ${describe(threshold)}`;
  if (typeof threshold !== 'number') throw new TypeError(thresholdMessage);
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(thresholdMessage);
  const windowMessage = `Expected \`failureRate.windowMs\` to be a positive finite number of milliseconds, got ${describe(windowMs)}`;
  if (typeof windowMs !== 'number') throw new TypeError(windowMessage);
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new RangeError(windowMessage);
  return { threshold, windowMs, minimumCalls: checkCount('failureRate.minimumCalls', minimumCalls) };
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
