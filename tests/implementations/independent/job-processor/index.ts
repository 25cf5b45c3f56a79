/**
 * Job processor — an independent implementation, written differently from the reference on purpose: no heaps, no
 * lazy deletion, no shared timer. Waiting jobs live in one array kept sorted by binary insertion; delayed jobs in an
 * unsorted set, each with its own timer that only triggers a full "promote everything due, then dispatch" pass;
 * counts are recomputed from a per-state set. It passes the same spec, which shows the spec tests the contract.
 */

export type Milliseconds = number;
export type JobId = string;

export const ProcessingStrategy = { FIFO: 'fifo', PRIORITY: 'priority' } as const;
export type ProcessingStrategy = (typeof ProcessingStrategy)[keyof typeof ProcessingStrategy];

export type JobState = 'delayed' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobContext {
  readonly id: JobId;
  readonly attempt: number;
  readonly signal: AbortSignal;
}

export type JobHandler<P, R> = (payload: P, context: JobContext) => R | PromiseLike<R>;

export interface RetryPolicy {
  readonly attempts?: number;
  readonly baseDelayMs?: Milliseconds;
  readonly maxDelayMs?: Milliseconds;
  readonly jitter?: 'none' | 'full';
}

export interface JobProcessorOptions {
  readonly maxWorkers: number;
  readonly maxQueueSize?: number;
  readonly now?: () => Milliseconds;
  readonly retry?: RetryPolicy;
  readonly random?: () => number;
  readonly onStateChange?: (event: JobEvent) => void;
}

export interface SubmitOptions {
  readonly priority?: number;
  readonly delayMs?: Milliseconds;
  readonly runAt?: Milliseconds;
  readonly attempts?: number;
  readonly timeoutMs?: Milliseconds;
  readonly signal?: AbortSignal;
  readonly key?: string;
}

export interface JobEvent {
  readonly job: Job<unknown, unknown>;
  readonly from: JobState | null;
  readonly to: JobState;
}

export type JobOutcome<R> =
  | { readonly state: 'succeeded'; readonly result: R }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'cancelled'; readonly error: unknown };

export interface Job<P, R> {
  readonly id: JobId;
  readonly payload: P;
  readonly priority: number;
  readonly state: JobState;
  readonly result: R | undefined;
  readonly error: unknown;
  readonly errors: readonly unknown[];
  readonly attempts: number;
  readonly submittedAt: Milliseconds;
  readonly done: Promise<JobOutcome<R>>;
}

export interface DeadLetter {
  readonly id: JobId;
  readonly payload: unknown;
  readonly attempts: number;
  readonly errors: readonly unknown[];
  readonly failedAt: Milliseconds;
}

export interface TimingSummary {
  readonly count: number;
  readonly totalMs: Milliseconds;
  readonly maxMs: Milliseconds;
  readonly p50Ms: Milliseconds;
  readonly p95Ms: Milliseconds;
}

export interface JobMetrics {
  readonly delayed: number;
  readonly queued: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly queueDepth: number;
  readonly retries: number;
  readonly deadLetters: number;
  readonly wait: TimingSummary;
  readonly run: TimingSummary;
  readonly ratePerSecond: number;
}

export interface CloseOptions {
  readonly force?: boolean;
  readonly timeoutMs?: Milliseconds;
}

export class JobProcessorError extends Error {
  override name = 'JobProcessorError';
}

export class QueueFullError extends JobProcessorError {
  override name = 'QueueFullError';
  constructor(readonly maxQueueSize: number) {
    super(`Cannot accept the job: the queue already holds maxQueueSize = ${maxQueueSize} waiting jobs`);
  }
}

export class TimeoutError extends JobProcessorError {
  override name = 'TimeoutError';
  constructor(readonly timeoutMs: Milliseconds) {
    super(`The attempt ran for ${timeoutMs} ms and timed out`);
  }
}

export class ProcessorClosedError extends JobProcessorError {
  override name = 'ProcessorClosedError';
  constructor() {
    super('Cannot submit: processor closed');
  }
}

export class ShutdownError extends JobProcessorError {
  override name = 'ShutdownError';
  constructor() {
    super('Job stopped by shutdown');
  }
}

export interface JobProcessor {
  readonly strategy: ProcessingStrategy;
  readonly maxWorkers: number;
  readonly running: number;
  readonly size: number;
  submit<P, R>(handler: JobHandler<P, R>, payload: P, options?: SubmitOptions): Job<P, R>;
  get(id: JobId): Job<unknown, unknown> | undefined;
  onIdle(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  metrics(): JobMetrics;
  close(options?: CloseOptions): Promise<readonly Job<unknown, unknown>[]>;
}

const LONGEST_TIMER = 2 ** 31 - 1;

const typeName = (value: unknown) => (value === null ? 'null' : typeof value);
const shown = (value: unknown) => {
  if (typeof value === 'string') return `\`'${value}'\` (string)`;
  if (typeof value === 'bigint') return `\`${value}n\` (bigint)`;
  if (typeof value === 'object' && value !== null) return `an object (${typeName(value)})`;
  return `\`${String(value)}\` (${typeName(value)})`;
};

function number(name: string, value: unknown, ok: (n: number) => boolean, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`Expected \`${name}\` to be ${what}, got ${shown(value)}`);
  if (!ok(value)) throw new RangeError(`Expected \`${name}\` to be ${what}, got ${shown(value)}`);
  return value;
}
const positiveInt = (n: number) => Number.isSafeInteger(n) && n > 0;
const nonNegativeInt = (n: number) => Number.isSafeInteger(n) && n >= 0;
const orInfinity = (test: (n: number) => boolean) => (n: number) => n === Number.POSITIVE_INFINITY || test(n);

function fn<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${shown(value)}`);
  return value;
}

/** Running totals plus the latest samples, oldest first, trimmed from the front past the window. */
class Samples {
  private static readonly window = 1000;
  private total = 0;
  private all = 0;
  private max = 0;
  private readonly recent: number[] = [];

  add(ms: number): void {
    this.all += 1;
    this.total += ms;
    this.max = Math.max(this.max, ms);
    this.recent.push(ms);
    if (this.recent.length > Samples.window) this.recent.shift();
  }

  summary(): TimingSummary {
    const ordered = [...this.recent].sort((a, b) => a - b);
    // Nearest rank: the smallest sample with at least p % of the samples at or below it.
    const pick = (percent: number) => {
      for (let index = 0; index < ordered.length; index++) {
        if ((index + 1) * 100 >= percent * ordered.length) return ordered[index] as number;
      }
      return 0;
    };
    return { count: this.all, totalMs: this.total, maxMs: this.max, p50Ms: pick(50), p95Ms: pick(95) };
  }
}

/** Finishes per instant of the clock, oldest first: [time, how many]. */
class FinishLog {
  private readonly spanMs = 60_000;
  private readonly entries: [Milliseconds, number][] = [];

  note(at: Milliseconds): void {
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined && last[0] === at) last[1] += 1;
    else this.entries.push([at, 1]);
    this.forget(at);
  }

  perSecond(at: Milliseconds): number {
    this.forget(at);
    let total = 0;
    for (const [, howMany] of this.entries) total += howMany;
    return (total * 1000) / this.spanMs;
  }

  private forget(at: Milliseconds): void {
    let drop = 0;
    while (drop < this.entries.length && at - (this.entries[drop] as [Milliseconds, number])[0] >= this.spanMs) drop++;
    this.entries.splice(0, drop);
  }
}

/** A job's record; it is also the handle given to callers (typed read-only through `Job`). */
interface Record {
  id: JobId;
  payload: unknown;
  priority: number;
  state: JobState;
  result: unknown;
  error: unknown;
  errors: unknown[];
  attempts: number;
  submittedAt: Milliseconds;
  done: Promise<JobOutcome<unknown>>;
}

interface Internal {
  readonly record: Record;
  readonly number: number;
  readonly handler: JobHandler<unknown, unknown>;
  readonly maxAttempts: number;
  readonly timeoutMs: Milliseconds;
  readonly settle: (outcome: JobOutcome<unknown>) => void;
  readyAt: Milliseconds;
  startedAt: Milliseconds;
  attemptToken: object | undefined;
  controller: AbortController | undefined;
  timers: Set<ReturnType<typeof setTimeout>>;
  detach: () => void;
  readonly key: string | undefined;
}

class SortedArrayProcessor implements JobProcessor {
  readonly strategy: ProcessingStrategy;
  readonly maxWorkers: number;
  private readonly limit: number;
  private readonly clock: () => Milliseconds;
  private readonly random: () => number;
  private readonly listener: ((event: JobEvent) => void) | undefined;
  private readonly keys = new Map<string, Internal>();
  private readonly policy: Required<RetryPolicy>;
  private readonly all = new Map<JobId, Internal>();
  private readonly byState = new Map<JobState, Set<Internal>>(
    (['delayed', 'queued', 'running', 'succeeded', 'failed', 'cancelled'] as const).map((s) => [s, new Set()]),
  );
  /** Waiting jobs, first to start at index 0. */
  private readonly line: Internal[] = [];
  private readonly dead: DeadLetter[] = [];
  private counter = 0;
  private retried = 0;
  private readonly waits = new Samples();
  private readonly runs = new Samples();
  private readonly finishes = new FinishLog();
  private idleCallbacks: (() => void)[] = [];
  private closing: Promise<readonly Job<unknown, unknown>[]> | undefined;
  private leftOver: Job<unknown, unknown>[] = [];
  private closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(strategy: ProcessingStrategy, options: JobProcessorOptions) {
    if (!Object.values(ProcessingStrategy).includes(strategy)) {
      throw new TypeError(`Expected \`strategy\` to be one of fifo, priority; got ${shown(strategy)}`);
    }
    this.strategy = strategy;
    this.maxWorkers = number('maxWorkers', options.maxWorkers, positiveInt, 'a positive integer');
    this.limit =
      options.maxQueueSize === undefined
        ? Number.POSITIVE_INFINITY
        : number('maxQueueSize', options.maxQueueSize, orInfinity(nonNegativeInt), 'a non-negative integer');
    this.clock = options.now === undefined ? () => Date.now() : fn('now', options.now);
    this.random = options.random === undefined ? Math.random : fn('random', options.random);
    this.listener = options.onStateChange === undefined ? undefined : fn('onStateChange', options.onStateChange);
    const retry = options.retry ?? {};
    if (retry.jitter !== undefined && retry.jitter !== 'none' && retry.jitter !== 'full') {
      throw new TypeError(`Expected \`jitter\` to be 'none' or 'full', got ${shown(retry.jitter)}`);
    }
    this.policy = {
      attempts:
        retry.attempts === undefined ? 1 : number('attempts', retry.attempts, positiveInt, 'a positive integer'),
      baseDelayMs:
        retry.baseDelayMs === undefined ? 100 : number('baseDelayMs', retry.baseDelayMs, nonNegativeInt, 'an integer'),
      maxDelayMs:
        retry.maxDelayMs === undefined
          ? Number.POSITIVE_INFINITY
          : number('maxDelayMs', retry.maxDelayMs, orInfinity(nonNegativeInt), 'an integer'),
      jitter: retry.jitter ?? 'none',
    };
  }

  get running(): number {
    return this.count('running');
  }

  get size(): number {
    return this.count('queued') + this.count('delayed');
  }

  submit<P, R>(handler: JobHandler<P, R>, payload: P, options: SubmitOptions = {}): Job<P, R> {
    fn('handler', handler);
    const priority =
      options.priority === undefined ? 0 : number('priority', options.priority, Number.isFinite, 'a finite number');
    if (options.delayMs !== undefined && options.runAt !== undefined) {
      throw new TypeError('Pass `delayMs` or `runAt`, not both: `delayMs` and `runAt` were given');
    }
    const delayMs =
      options.delayMs === undefined
        ? 0
        : number('delayMs', options.delayMs, (n) => Number.isFinite(n) && n >= 0, 'a non-negative number');
    const runAt =
      options.runAt === undefined ? undefined : number('runAt', options.runAt, Number.isFinite, 'a finite number');
    const maxAttempts =
      options.attempts === undefined
        ? this.policy.attempts
        : number('attempts', options.attempts, positiveInt, 'a positive integer');
    const timeoutMs =
      options.timeoutMs === undefined
        ? Number.POSITIVE_INFINITY
        : number('timeoutMs', options.timeoutMs, (n) => n > 0, 'a positive number');
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${shown(signal)}`);
    }
    const key = options.key;
    if (key !== undefined && (typeof key !== 'string' || key.length === 0)) {
      throw new TypeError(`Expected \`key\` to be a non-empty string, got ${shown(key)}`);
    }
    if (this.closing !== undefined) throw new ProcessorClosedError();
    const twin = key === undefined ? undefined : this.keys.get(key);
    if (twin !== undefined) return twin.record as Job<P, R>;

    const at = this.clock();
    const dueAt = runAt ?? at + delayMs;
    const startsNow = dueAt <= at && this.count('running') < this.maxWorkers;
    if (!startsNow && this.size >= this.limit) throw new QueueFullError(this.limit);

    let settle: (outcome: JobOutcome<unknown>) => void = () => {};
    const done = new Promise<JobOutcome<unknown>>((resolve) => {
      settle = resolve;
    });
    this.counter++;
    const record: Record = {
      id: `#${this.counter}`,
      payload,
      priority,
      state: dueAt > at ? 'delayed' : 'queued',
      result: undefined,
      error: undefined,
      errors: [],
      attempts: 0,
      submittedAt: at,
      done,
    };
    const job: Internal = {
      record,
      number: this.counter,
      handler: handler as JobHandler<unknown, unknown>,
      maxAttempts,
      timeoutMs,
      settle,
      readyAt: Math.max(dueAt, at),
      startedAt: 0,
      attemptToken: undefined,
      controller: undefined,
      timers: new Set(),
      detach: () => {},
      key,
    };
    this.all.set(record.id, job);
    this.byState.get(record.state)?.add(job);
    if (key !== undefined) this.keys.set(key, job);
    this.listener?.({ job: record, from: null, to: record.state });
    if (signal !== undefined) {
      if (signal.aborted) {
        this.end(job, 'cancelled', signal.reason);
        return record as Job<P, R>;
      }
      const listener = () => this.cancel(job, signal.reason);
      signal.addEventListener('abort', listener);
      job.detach = () => signal.removeEventListener('abort', listener);
    }
    if (job.readyAt > at) this.wait(job);
    else this.enqueue(job);
    this.pump();
    return record as Job<P, R>;
  }

  get(id: JobId): Job<unknown, unknown> | undefined {
    return this.all.get(id)?.record;
  }

  onIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleCallbacks.push(resolve);
      this.checkIdle();
    });
  }

  deadLetters(): readonly DeadLetter[] {
    return this.dead.map((letter) => ({ ...letter, errors: letter.errors.slice() }));
  }

  metrics(): JobMetrics {
    return {
      delayed: this.count('delayed'),
      queued: this.count('queued'),
      running: this.count('running'),
      succeeded: this.count('succeeded'),
      failed: this.count('failed'),
      cancelled: this.count('cancelled'),
      queueDepth: this.size,
      retries: this.retried,
      deadLetters: this.dead.length,
      wait: this.waits.summary(),
      run: this.runs.summary(),
      ratePerSecond: this.finishes.perSecond(this.clock()),
    };
  }

  close(options: CloseOptions = {}): Promise<readonly Job<unknown, unknown>[]> {
    if (options.force !== undefined && typeof options.force !== 'boolean') {
      throw new TypeError(`Expected \`force\` to be true or false, got ${shown(options.force)}`);
    }
    const limit =
      options.timeoutMs === undefined
        ? Number.POSITIVE_INFINITY
        : number('timeoutMs', options.timeoutMs, (n) => n > 0, 'a positive number');
    if (this.closing === undefined) {
      this.closing = this.onIdle().then(() => {
        if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
        return this.leftOver;
      });
    }
    if (options.force === true) this.forceStop();
    else if (limit !== Number.POSITIVE_INFINITY && this.size + this.running > 0) {
      const deadline = this.clock() + limit;
      const check = () => {
        const left = deadline - this.clock();
        if (left > 0) this.closeTimer = setTimeout(check, Math.min(left, LONGEST_TIMER));
        else this.forceStop();
      };
      if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
      this.closeTimer = setTimeout(check, Math.min(limit, LONGEST_TIMER));
    }
    return this.closing;
  }

  private count(state: JobState): number {
    return this.byState.get(state)?.size ?? 0;
  }

  private move(job: Internal, state: JobState): void {
    const from = job.record.state;
    if (from === state) return;
    this.byState.get(from)?.delete(job);
    job.record.state = state;
    this.byState.get(state)?.add(job);
    this.listener?.({ job: job.record, from, to: state });
  }

  /** True when `a` must start before `b`. */
  private precedes(a: Internal, b: Internal): boolean {
    if (this.strategy === 'priority' && a.record.priority !== b.record.priority) {
      return a.record.priority > b.record.priority;
    }
    return a.readyAt !== b.readyAt ? a.readyAt < b.readyAt : a.number < b.number;
  }

  private enqueue(job: Internal): void {
    this.move(job, 'queued');
    let low = 0;
    let high = this.line.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.line[mid];
      if (other !== undefined && this.precedes(other, job)) low = mid + 1;
      else high = mid;
    }
    this.line.splice(low, 0, job);
  }

  private wait(job: Internal): void {
    this.move(job, 'delayed');
    this.timer(job, job.readyAt, () => {
      this.promoteDue();
      this.pump();
    });
  }

  /** A per-job timer that re-checks the clock; it belongs to the job and is cleared when the job moves on. */
  private timer(job: Internal, at: Milliseconds, fire: () => void): void {
    const arm = () => {
      const handle = setTimeout(
        () => {
          job.timers.delete(handle);
          if (this.clock() < at) arm();
          else fire();
        },
        Math.min(Math.max(at - this.clock(), 0), LONGEST_TIMER),
      );
      job.timers.add(handle);
    };
    arm();
  }

  private clearTimers(job: Internal): void {
    for (const handle of job.timers) clearTimeout(handle);
    job.timers.clear();
  }

  private promoteDue(): void {
    const at = this.clock();
    const due = [...(this.byState.get('delayed') ?? [])].filter((job) => job.readyAt <= at);
    for (const job of due) {
      this.clearTimers(job);
      this.enqueue(job);
    }
  }

  private pump(): void {
    while (this.count('running') < this.maxWorkers && this.line.length > 0) {
      const job = this.line.shift();
      if (job !== undefined) this.begin(job);
    }
    this.checkIdle();
  }

  private begin(job: Internal): void {
    const startedAt = this.clock();
    this.move(job, 'running');
    job.record.attempts++;
    job.startedAt = startedAt;
    this.waits.add(startedAt - job.readyAt);
    const token = {};
    const controller = new AbortController();
    job.attemptToken = token;
    job.controller = controller;
    if (job.timeoutMs !== Number.POSITIVE_INFINITY) {
      this.timer(job, startedAt + job.timeoutMs, () => {
        if (job.attemptToken !== token) return;
        const error = new TimeoutError(job.timeoutMs);
        this.stopAttempt(job);
        controller.abort(error);
        this.failed(job, error);
      });
    }
    new Promise<unknown>((resolve) =>
      resolve(
        job.handler(job.record.payload, { id: job.record.id, attempt: job.record.attempts, signal: controller.signal }),
      ),
    ).then(
      (value) => {
        if (job.attemptToken !== token) return;
        this.stopAttempt(job);
        job.record.result = value;
        this.end(job, 'succeeded', undefined);
      },
      (error: unknown) => {
        if (job.attemptToken !== token) return;
        this.stopAttempt(job);
        this.failed(job, error);
      },
    );
  }

  private stopAttempt(job: Internal): void {
    this.clearTimers(job);
    job.attemptToken = undefined;
    job.controller = undefined;
    this.runs.add(this.clock() - job.startedAt);
  }

  private failed(job: Internal, error: unknown): void {
    job.record.errors.push(error);
    job.record.error = error;
    if (job.record.attempts >= job.maxAttempts) {
      this.dead.push({
        id: job.record.id,
        payload: job.record.payload,
        attempts: job.record.attempts,
        errors: job.record.errors.slice(),
        failedAt: this.clock(),
      });
      this.end(job, 'failed', error);
      return;
    }
    this.retried++;
    const n = job.record.attempts;
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (n - 1));
    const pause = this.policy.jitter === 'full' ? Math.floor(this.random() * ceiling) : ceiling;
    const at = this.clock();
    job.readyAt = at + pause;
    if (pause > 0) this.wait(job);
    else this.enqueue(job);
    this.pump();
  }

  private cancel(job: Internal, reason: unknown): void {
    const state = job.record.state;
    if (state === 'running') {
      const controller = job.controller;
      this.stopAttempt(job);
      controller?.abort(reason);
    } else if (state === 'queued') {
      this.line.splice(this.line.indexOf(job), 1);
    } else if (state === 'delayed') {
      this.clearTimers(job);
    } else return;
    this.end(job, 'cancelled', reason);
  }

  private end(job: Internal, state: 'succeeded' | 'failed' | 'cancelled', error: unknown): void {
    if (job.key !== undefined && this.keys.get(job.key) === job) this.keys.delete(job.key);
    if (state !== 'succeeded') job.record.error = error;
    if (state !== 'cancelled') this.finishes.note(this.clock());
    this.move(job, state);
    job.detach();
    job.settle(state === 'succeeded' ? { state, result: job.record.result } : { state, error });
    this.pump();
  }

  private forceStop(): void {
    const unstarted = [...this.line, ...(this.byState.get('delayed') ?? [])].sort((a, b) => a.number - b.number);
    for (const job of unstarted) {
      this.leftOver.push(job.record);
      this.cancel(job, new ShutdownError());
    }
    for (const job of [...(this.byState.get('running') ?? [])]) this.cancel(job, new ShutdownError());
  }

  private checkIdle(): void {
    if (this.size + this.running > 0 || this.idleCallbacks.length === 0) return;
    const callbacks = this.idleCallbacks;
    this.idleCallbacks = [];
    for (const callback of callbacks) callback();
  }
}

export const JobProcessorFactory = {
  create(strategy: ProcessingStrategy, options: JobProcessorOptions): JobProcessor {
    return new SortedArrayProcessor(strategy, options);
  },
};
