/**
 * Retry with backoff — independent implementation written from katas/retry-backoff/README.md only.
 *
 * Different shape from the reference: a validated policy becomes a `Backoff` object whose `next()` yields delays
 * one by one (the decorrelated state lives in it), and the runner is a recursive async step function whose waits
 * are `AbortSignal`-aware promises built per wait.
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

function fmt(value: unknown): string {
  const kind = value === null ? 'null' : typeof value;
  let text: string;
  try {
    text = kind === 'string' ? `'${value as string}'` : String(value);
  } catch {
    text = '[object]';
  }
  return `\`${text}\` (${kind})`;
}

const bad = (Kind: typeof TypeError, name: string, wanted: string, got: unknown) =>
  new Kind(`Expected \`${name}\` to be ${wanted}, got ${fmt(got)}`);

function nonNegative(name: string, value: unknown, allowInfinity: boolean): number {
  const wanted = allowInfinity ? 'a number ≥ 0 or Infinity' : 'a finite number ≥ 0';
  if (typeof value !== 'number') throw bad(TypeError, name, wanted, value);
  const ok = allowInfinity ? value >= 0 : Number.isFinite(value) && value >= 0;
  if (!ok) throw bad(RangeError, name, wanted, value);
  return value;
}

function fnOrDefault<F>(name: string, value: unknown, fallback: F): F {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw bad(TypeError, name, 'a function', value);
  return value as F;
}

function member<T extends string>(name: string, names: readonly T[], value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (names as readonly string[]).includes(value)) return value as T;
  throw bad(TypeError, name, names.join(' | '), value);
}

/** A validated delay policy that hands out delays in retry order. */
class Delays {
  readonly base: number;
  readonly backoff: Backoff;
  readonly cap: number;
  readonly jitter: Jitter;
  readonly random: () => number;
  #last: number | undefined;

  constructor(policy: DelayPolicy) {
    if (policy === null || typeof policy !== 'object') throw bad(TypeError, 'policy', 'an object', policy);
    this.base = nonNegative('base', policy.base, false);
    this.backoff = member('backoff', ['fixed', 'linear', 'exponential'], policy.backoff, 'exponential');
    this.cap =
      policy.maxDelay === undefined ? Number.POSITIVE_INFINITY : nonNegative('maxDelay', policy.maxDelay, true);
    this.jitter = member('jitter', ['none', 'full', 'equal', 'decorrelated'], policy.jitter, 'none');
    this.random = fnOrDefault('random', policy.random, Math.random);
  }

  /** The delay before retry `n`, given the previous delay (for decorrelated jitter). */
  at(n: number, previous: number | undefined): number {
    if (this.jitter === 'decorrelated') {
      const low = this.base;
      const high = 3 * (previous ?? this.base);
      const u = this.#uniform();
      const drawn = u === 0 ? low : low + (high - low) * u;
      return Math.min(drawn, this.cap);
    }
    let raw: number;
    if (this.base === 0) raw = 0;
    else if (this.backoff === 'fixed') raw = this.base;
    else if (this.backoff === 'linear') raw = this.base * n;
    else raw = this.base * 2 ** (n - 1);
    const temp = Math.min(raw, this.cap);
    switch (this.jitter) {
      case 'full': {
        const u = this.#uniform();
        return u === 0 ? 0 : temp * u;
      }
      case 'equal': {
        const half = temp / 2;
        const u = this.#uniform();
        return u === 0 ? half : half + half * u;
      }
      default:
        return temp;
    }
  }

  /** The next delay of a run, remembering it for the one after. */
  next(n: number): number {
    this.#last = this.at(n, this.#last);
    return this.#last;
  }

  #uniform(): number {
    const u = this.random();
    if (typeof u !== 'number' || Number.isNaN(u) || u < 0 || u >= 1) {
      throw new RangeError(`Expected \`random\` to return a number in [0, 1), got ${fmt(u)}`);
    }
    return u;
  }
}

function retryNumber(name: string, value: unknown, min: number): number {
  const wanted = min === 1 ? 'a positive integer' : 'an integer ≥ 0';
  if (typeof value !== 'number') throw bad(TypeError, name, wanted, value);
  if (!Number.isInteger(value) || value < min || value > Number.MAX_SAFE_INTEGER)
    throw bad(RangeError, name, wanted, value);
  return value;
}

export function computeDelay(policy: DelayPolicy, retry: number, previousDelay?: Milliseconds): Milliseconds {
  const delays = new Delays(policy);
  const n = retryNumber('retry', retry, 1);
  const previous = previousDelay === undefined ? undefined : nonNegative('previousDelay', previousDelay, false);
  return delays.at(n, previous);
}

export function delaySchedule(policy: DelayPolicy, retries: number): Milliseconds[] {
  const delays = new Delays(policy);
  const count = retryNumber('retries', retries, 0);
  return Array.from({ length: count }, (_, i) => delays.next(i + 1));
}

const timer = (delay: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const id = setTimeout(finish, delay);
    function finish() {
      clearTimeout(id);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
    signal?.addEventListener('abort', finish);
  });

/** Resolves when `wait` settles or `signal` aborts, whichever comes first; never leaves a listener behind. */
function untilAbort(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return wait;
  return new Promise<void>((resolve, reject) => {
    const stop = () => resolve();
    signal.addEventListener('abort', stop, { once: true });
    wait.then(
      () => {
        signal.removeEventListener('abort', stop);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}

export async function retry<T>(
  fn: (context: AttemptContext) => T | Promise<T>,
  policy: RetryPolicy,
  options: RetryOptions = {},
): Promise<T> {
  if (typeof fn !== 'function') throw bad(TypeError, 'fn', 'a function', fn);
  const delays = new Delays(policy);
  const { attempts } = policy;
  if (typeof attempts !== 'number') throw bad(TypeError, 'attempts', 'a positive integer or Infinity', attempts);
  if (!(attempts === Number.POSITIVE_INFINITY || (Number.isSafeInteger(attempts) && attempts >= 1))) {
    throw bad(RangeError, 'attempts', 'a positive integer or Infinity', attempts);
  }
  const retryable = fnOrDefault<(error: unknown) => boolean>('retryable', policy.retryable, () => true);
  const budget =
    policy.maxElapsed === undefined ? Number.POSITIVE_INFINITY : nonNegative('maxElapsed', policy.maxElapsed, true);
  const sleep = fnOrDefault('sleep', options.sleep, timer);
  const now = fnOrDefault('now', options.now, () => Date.now());
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw bad(TypeError, 'signal', 'an AbortSignal', signal);

  const seen: unknown[] = [];
  const fail = (reason: GiveUpReason, made: number) =>
    new RetryError(seen, reason, made, reason === 'aborted' ? signal?.reason : seen[seen.length - 1]);
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) throw fail('aborted', 0);
  const deadline = budget === Number.POSITIVE_INFINITY ? undefined : now() + budget;

  const step = async (attempt: number): Promise<T> => {
    let result: { value: T } | undefined;
    try {
      result = { value: await fn({ attempt, signal }) };
    } catch (error) {
      seen.push(error);
    }
    if (result !== undefined) return result.value;
    const error = seen[seen.length - 1];
    if (!retryable(error)) throw fail('not-retryable', attempt);
    if (aborted()) throw fail('aborted', attempt);
    if (attempt === attempts) throw fail('exhausted', attempt);
    const delay = delays.next(attempt);
    if (deadline !== undefined && now() + delay >= deadline) throw fail('budget', attempt);
    await untilAbort(sleep(delay, signal), signal);
    if (aborted()) throw fail('aborted', attempt);
    return step(attempt + 1);
  };
  return step(1);
}
