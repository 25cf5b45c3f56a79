/**
 * Circuit breaker — independent implementation written from katas/circuit-breaker/README.md only.
 *
 * Where the reference numbers its periods, this one gives each period its own object (a `Phase`) holding that
 * period's counters. A call keeps a reference to the phase that let it through; its outcome counts only if that
 * object is still the current phase (identity, not a counter). The rolling window is a list of settle times
 * trimmed from the front.
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

type Phase =
  | { readonly kind: 'closed'; streak: number; settled: Array<[at: number, failed: boolean]>; head: number }
  | { readonly kind: 'open'; readonly until: number }
  | { readonly kind: 'half-open'; running: number; passed: number };

function typeName(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return `\`'${value}'\` (string)`;
  if (typeof value === 'bigint') return `\`${value}n\` (bigint)`;
  return `\`${String(value)}\` (${typeName(value)})`;
}

function positiveInteger(name: string, value: unknown): number {
  const message = `Expected \`${name}\` to be a positive integer, got ${literal(value)}`;
  if (typeof value !== 'number') throw new TypeError(message);
  if (!Number.isInteger(value) || value <= 0 || value > Number.MAX_SAFE_INTEGER) throw new RangeError(message);
  return value;
}

function aFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${literal(value)}`);
  return value;
}

export class CircuitBreaker {
  readonly #limit: number;
  readonly #cooldown: number;
  readonly #clock: () => number;
  readonly #maxTrials: number;
  readonly #quota: number;
  readonly #judge: (error: unknown) => boolean;
  readonly #listener: ((change: StateChange) => void) | undefined;
  readonly #rate: FailureRate | undefined;
  #phase: Phase = { kind: 'closed', streak: 0, settled: [], head: 0 };

  constructor(options: CircuitBreakerOptions = {}) {
    const o = options;
    if (o.failureThreshold !== undefined && o.failureRate !== undefined) {
      throw new TypeError('Expected `failureThreshold` or `failureRate`, not both: `failureRate` replaces the count');
    }
    this.#limit = o.failureThreshold === undefined ? 5 : positiveInteger('failureThreshold', o.failureThreshold);
    if (o.cooldownMs === undefined) this.#cooldown = 30_000;
    else {
      const message = `Expected \`cooldownMs\` to be a non-negative finite number of milliseconds, got ${literal(o.cooldownMs)}`;
      if (typeof o.cooldownMs !== 'number') throw new TypeError(message);
      if (!(o.cooldownMs >= 0 && o.cooldownMs < Number.POSITIVE_INFINITY)) throw new RangeError(message);
      this.#cooldown = o.cooldownMs;
    }
    this.#clock = o.now === undefined ? () => Date.now() : aFunction('now', o.now);
    this.#maxTrials = o.halfOpenMaxCalls === undefined ? 1 : positiveInteger('halfOpenMaxCalls', o.halfOpenMaxCalls);
    this.#quota = o.successThreshold === undefined ? 1 : positiveInteger('successThreshold', o.successThreshold);
    this.#judge = o.isFailure === undefined ? () => true : aFunction('isFailure', o.isFailure);
    this.#listener = o.onStateChange === undefined ? undefined : aFunction('onStateChange', o.onStateChange);
    if (o.failureRate !== undefined) this.#rate = CircuitBreaker.#validRate(o.failureRate);
  }

  static #validRate(rate: unknown): FailureRate {
    if (rate === null || typeof rate !== 'object') {
      throw new TypeError(`Expected \`failureRate\` to be an object, got ${literal(rate)}`);
    }
    const { threshold, windowMs, minimumCalls } = rate as Partial<Record<keyof FailureRate, unknown>>;
    const t = `Expected \`failureRate.threshold\` to be a number in (0, 1], got ${literal(threshold)}`;
    if (typeof threshold !== 'number') throw new TypeError(t);
    if (Number.isNaN(threshold) || threshold <= 0 || threshold > 1) throw new RangeError(t);
    const w = `Expected \`failureRate.windowMs\` to be a positive finite number of milliseconds, got ${literal(windowMs)}`;
    if (typeof windowMs !== 'number') throw new TypeError(w);
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(w);
    return { threshold, windowMs, minimumCalls: positiveInteger('failureRate.minimumCalls', minimumCalls) };
  }

  get state(): CircuitState {
    return this.#current().kind;
  }

  async execute<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    if (typeof fn !== 'function') throw new TypeError(`Expected \`fn\` to be a function, got ${literal(fn)}`);
    const phase = this.#current();
    if (phase.kind === 'open') throw new CircuitOpenError('open', phase.until - this.#clock());
    if (phase.kind === 'half-open') {
      if (phase.running === this.#maxTrials) throw new CircuitOpenError('half-open', 0);
      phase.running += 1;
    }
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      let failed = true;
      try {
        failed = Boolean(this.#judge(error));
      } catch {
        // A broken predicate: count the call as the failure it was.
      }
      this.#settle(phase, failed);
      throw error;
    }
    this.#settle(phase, false);
    return value;
  }

  #current(): Phase {
    const phase = this.#phase;
    if (phase.kind === 'open' && this.#clock() >= phase.until) {
      this.#switch({ kind: 'half-open', running: 0, passed: 0 });
    }
    return this.#phase;
  }

  #settle(phase: Phase, failed: boolean): void {
    if (phase !== this.#phase) return;
    if (phase.kind === 'half-open') {
      phase.running -= 1;
      if (failed) this.#trip();
      else {
        phase.passed += 1;
        if (phase.passed === this.#quota) this.#switch({ kind: 'closed', streak: 0, settled: [], head: 0 });
      }
    } else if (phase.kind === 'closed') {
      if (this.#rate === undefined) {
        phase.streak = failed ? phase.streak + 1 : 0;
        if (phase.streak === this.#limit) this.#trip();
        return;
      }
      const at = this.#clock();
      phase.settled.push([at, failed]);
      while (
        phase.head < phase.settled.length &&
        at >= (phase.settled[phase.head] as [number, boolean])[0] + this.#rate.windowMs
      ) {
        phase.head += 1;
      }
      if (phase.head > 1_000) {
        phase.settled = phase.settled.slice(phase.head);
        phase.head = 0;
      }
      const inWindow = phase.settled.length - phase.head;
      let failures = 0;
      for (let i = phase.head; i < phase.settled.length; i++)
        if ((phase.settled[i] as [number, boolean])[1]) failures++;
      if (inWindow >= this.#rate.minimumCalls && failures >= this.#rate.threshold * inWindow) this.#trip();
    }
  }

  #trip(): void {
    this.#switch({ kind: 'open', until: this.#clock() + this.#cooldown });
  }

  #switch(next: Phase): void {
    const from = this.#phase.kind;
    this.#phase = next;
    this.#listener?.({ from, to: next.kind });
  }
}
