/**
 * Retry with backoff — reference solution.
 *
 * Two halves. `computeDelay` is a pure function from a policy and a retry number to a wait in milliseconds: a
 * backoff curve (fixed, linear or exponential), a cap, and one of the jitter strategies of Marc Brooker, "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015:
 *
 *     full:          sleep = random_between(0, min(cap, curve))
 *     equal:         temp = min(cap, curve); sleep = temp / 2 + random_between(0, temp / 2)
 *     decorrelated:  sleep = min(cap, random_between(base, previous sleep × 3)), the first previous sleep = base
 *
 * The blog's `base * 2 ** attempt` counts attempts from 0; here retries count from 1, so the curve is
 * `base × 2^(retry − 1)` and the first retry waits `base`. Randomness comes from an injected `random()` in [0, 1),
 * so a test pins the bounds exactly with 0 and with the largest double below 1.
 *
 * `retry` runs a function until it succeeds, waiting `computeDelay` between tries, and gives up with one
 * `RetryError` carrying every error seen: when the tries run out, at the first error `retryable` rejects, when
 * the signal aborts (at once, even mid-wait), or when the next try would start after the time budget.
 */

export type Milliseconds = number;

export type Backoff = 'fixed' | 'linear' | 'exponential';

export type Jitter = 'none' | 'full' | 'equal' | 'decorrelated';

export interface DelayPolicy {
  readonly base: Milliseconds;
  readonly backoff?: Backoff;
  readonly maxDelay?: Milliseconds;
  readonly jitter?: Jitter;
  readonly random?: () => number;
}

export interface RetryPolicy extends DelayPolicy {
  readonly attempts: number;
  readonly retryable?: (error: unknown) => boolean;
  readonly maxElapsed?: Milliseconds;
}

export interface AttemptContext {
  readonly attempt: number;
  readonly signal: AbortSignal | undefined;
}

export interface RetryOptions {
  readonly sleep?: (delay: Milliseconds, signal: AbortSignal | undefined) => Promise<void>;
  readonly signal?: AbortSignal;
  readonly now?: () => Milliseconds;
}

export type GiveUpReason = 'exhausted' | 'not-retryable' | 'aborted' | 'budget';

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

const backoffs: readonly Backoff[] = ['fixed', 'linear', 'exponential'];
const jitters: readonly Jitter[] = ['none', 'full', 'equal', 'decorrelated'];

/** `low + r × (high − low)`, exact at r = 0 and when the bounds meet (also when both are Infinity). */
function between(low: number, high: number, r: number): number {
  return r === 0 || low === high ? low : low + r * (high - low);
}

function curve(backoff: Backoff, base: Milliseconds, retry: number): Milliseconds {
  if (base === 0) return 0; // 0 × 2^2000 would be 0 × Infinity = NaN
  if (backoff === 'fixed') return base;
  if (backoff === 'linear') return base * retry;
  return base * 2 ** (retry - 1);
}

export function computeDelay(policy: DelayPolicy, retry: number, previousDelay?: Milliseconds): Milliseconds {
  const p = checkDelayPolicy(policy);
  checkRetry(retry);
  if (previousDelay !== undefined) checkMilliseconds('previousDelay', previousDelay, false);
  return delayOf(p, retry, previousDelay);
}

export function delaySchedule(policy: DelayPolicy, retries: number): Milliseconds[] {
  const p = checkDelayPolicy(policy);
  if (typeof retries !== 'number') throw new TypeError(expected('retries', 'a non-negative integer', retries));
  if (!Number.isSafeInteger(retries) || retries < 0) {
    throw new RangeError(expected('retries', 'a non-negative integer', retries));
  }
  const delays: Milliseconds[] = [];
  let previous: Milliseconds | undefined;
  for (let retry = 1; retry <= retries; retry++) {
    previous = delayOf(p, retry, previous);
    delays.push(previous);
  }
  return delays;
}

interface CheckedDelayPolicy {
  readonly base: Milliseconds;
  readonly backoff: Backoff;
  readonly maxDelay: Milliseconds;
  readonly jitter: Jitter;
  readonly random: () => number;
}

function delayOf(policy: CheckedDelayPolicy, retry: number, previous: Milliseconds | undefined): Milliseconds {
  const { base, maxDelay, jitter } = policy;
  if (jitter === 'decorrelated') {
    const last = previous ?? base;
    return Math.min(maxDelay, between(base, last * 3, draw(policy.random)));
  }
  const capped = Math.min(maxDelay, curve(policy.backoff, base, retry));
  if (jitter === 'full') return between(0, capped, draw(policy.random));
  if (jitter === 'equal') return between(capped / 2, capped, draw(policy.random));
  return capped; // no jitter: `random` is never read
}

/** One number from the random source, checked: a value outside [0, 1) would break the bounds. */
function draw(random: () => number): number {
  const r = random();
  if (typeof r !== 'number' || !(r >= 0 && r < 1)) {
    throw new RangeError(expected('random', 'a function returning a number in [0, 1)', r, 'returned'));
  }
  return r;
}

export async function retry<T>(
  fn: (context: AttemptContext) => T | Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  if (typeof fn !== 'function') throw new TypeError(expected('fn', 'a function', fn));
  const delays = checkDelayPolicy(policy);
  const attempts = checkAttempts(policy.attempts);
  const retryable = optionalFunction('retryable', policy.retryable) ?? (() => true);
  const maxElapsed =
    policy.maxElapsed === undefined
      ? Number.POSITIVE_INFINITY
      : checkMilliseconds('maxElapsed', policy.maxElapsed, true);
  if (typeof options !== 'object' || options === null) throw new TypeError(expected('options', 'an object', options));
  const sleep = optionalFunction('sleep', options.sleep) ?? timerSleep;
  const now = optionalFunction('now', options.now) ?? Date.now;
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(expected('signal', 'an AbortSignal', signal));
  }

  const errors: unknown[] = [];
  const giveUp = (reason: GiveUpReason, tries: number): RetryError =>
    new RetryError(errors, reason, tries, reason === 'aborted' ? signal?.reason : errors.at(-1));
  if (signal?.aborted) throw giveUp('aborted', 0);

  // The clock is read only when a budget is set: a policy without one costs no clock reads.
  const startedAt = Number.isFinite(maxElapsed) ? now() : 0;
  const abort = signal === undefined ? undefined : abortPromise(signal);
  try {
    let previous: Milliseconds | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn({ attempt, signal });
      } catch (error) {
        errors.push(error);
        if (!retryable(error)) throw giveUp('not-retryable', attempt);
        if (signal?.aborted) throw giveUp('aborted', attempt);
        if (attempt >= attempts) throw giveUp('exhausted', attempt);
      }
      const delay = delayOf(delays, attempt, previous);
      previous = delay;
      // No try starts at or after the end of the budget; waiting for one that could not start is pointless.
      if (Number.isFinite(maxElapsed) && now() - startedAt + delay >= maxElapsed) throw giveUp('budget', attempt);
      const waited = sleep(delay, signal);
      await (abort === undefined ? waited : Promise.race([waited, abort.promise]));
      if (signal?.aborted) throw giveUp('aborted', attempt);
    }
  } finally {
    abort?.dispose();
  }
}

/** A promise that resolves when `signal` aborts, and a way to drop its listener. */
function abortPromise(signal: AbortSignal): { promise: Promise<void>; dispose: () => void } {
  let onAbort = () => {};
  const promise = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** The default wait: a timer, cleared when the signal aborts (so no timer outlives an aborted run). */
function timerSleep(delay: Milliseconds, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, delay);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function describe(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function expected(name: string, what: string, value: unknown, verb = 'got'): string {
  return `Expected \`${name}\` to be ${what}, ${verb} ${describe(value)}`;
}

function checkDelayPolicy(policy: DelayPolicy): CheckedDelayPolicy {
  if (typeof policy !== 'object' || policy === null) throw new TypeError(expected('policy', 'an object', policy));
  const base = checkMilliseconds('base', policy.base, false);
  const backoff = oneOf('backoff', backoffs, policy.backoff ?? 'exponential');
  const jitter = oneOf('jitter', jitters, policy.jitter ?? 'none');
  const maxDelay =
    policy.maxDelay === undefined ? Number.POSITIVE_INFINITY : checkMilliseconds('maxDelay', policy.maxDelay, true);
  const random = optionalFunction('random', policy.random) ?? Math.random;
  return { base, backoff, jitter, maxDelay, random };
}

function checkMilliseconds(name: string, value: unknown, infinityAllowed: boolean): Milliseconds {
  const what = infinityAllowed
    ? 'a non-negative number of milliseconds or Infinity'
    : 'a non-negative finite number of milliseconds';
  if (typeof value !== 'number') throw new TypeError(expected(name, what, value));
  if (!(value >= 0) || (!infinityAllowed && value === Number.POSITIVE_INFINITY)) {
    throw new RangeError(expected(name, what, value));
  }
  return value;
}

function checkRetry(retry: unknown): number {
  if (typeof retry !== 'number') throw new TypeError(expected('retry', 'a positive integer', retry));
  if (!Number.isSafeInteger(retry) || retry < 1) throw new RangeError(expected('retry', 'a positive integer', retry));
  return retry;
}

function checkAttempts(attempts: unknown): number {
  const what = 'a positive integer or Infinity';
  if (typeof attempts !== 'number') throw new TypeError(expected('attempts', what, attempts));
  if (!(Number.isSafeInteger(attempts) || attempts === Number.POSITIVE_INFINITY) || attempts < 1) {
    throw new RangeError(expected('attempts', what, attempts));
  }
  return attempts;
}

function oneOf<T extends string>(name: string, allowed: readonly T[], value: unknown): T {
  if (!allowed.includes(value as T)) {
    throw new TypeError(expected(name, `one of ${allowed.map((item) => `'${item}'`).join(', ')}`, value));
  }
  return value as T;
}

function optionalFunction<F>(name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(expected(name, 'a function', value));
  return value;
}
