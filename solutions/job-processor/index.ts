/**
 * Job processor — reference solution.
 *
 * Two binary heaps and a handful of counters. The ready heap orders jobs that may start now by (priority, time
 * they became ready, submission number); the delayed heap orders jobs that may not start yet by (due time,
 * submission number). One timer is armed for the earliest due job. A job that is cancelled while it waits stays in
 * its heap and is skipped when it reaches the top (lazy deletion: O(log n) amortised, no O(n) search), so every
 * count the contract exposes is kept in counters rather than read from the heaps.
 *
 * Time: the injected `now()` decides everything (due, timeout, metrics); `setTimeout` only wakes the processor up.
 * A timer that fires before `now()` says the moment has come is simply re-armed, so nothing ever runs early even
 * with a clock that is not wired to the timers, and delays above setTimeout's 2^31 − 1 ms limit work.
 *
 * Metrics: wait and run samples go into two fixed rings of the last 1000 samples, so `metrics()` sorts at most 1000
 * numbers (bounded, O(1) in the number of jobs) and memory does not grow with them. The rate keeps the finish times
 * of the last minute in a queue (a growing array with a moving head, compacted now and then), pruned on every finish
 * and read.
 *
 * Costs: submit, start and finish are O(log n) in the waiting jobs; cancel is O(1). Memory grows with every job
 * ever submitted, because the contract keeps finished jobs retrievable with `get(id)`; a long-lived processor would
 * add a retention limit (BullMQ's removeOnComplete), which is an interview follow-up, not part of this contract.
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
  readonly maxQueueSize: number;
  constructor(maxQueueSize: number) {
    super(`Queue full: ${maxQueueSize} job(s) already waiting`);
    this.maxQueueSize = maxQueueSize;
  }
}

export class TimeoutError extends JobProcessorError {
  override name = 'TimeoutError';
  readonly timeoutMs: Milliseconds;
  constructor(id: JobId, timeoutMs: Milliseconds) {
    super(`Job ${id} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

export class ProcessorClosedError extends JobProcessorError {
  override name = 'ProcessorClosedError';
  constructor() {
    super('The processor is closed: it accepts no new jobs');
  }
}

export class ShutdownError extends JobProcessorError {
  override name = 'ShutdownError';
  constructor() {
    super('The processor was shut down before the job finished');
  }
}

/** setTimeout's largest delay; a longer one fires at once in Node. */
const MAX_TIMER_DELAY: Milliseconds = 2_147_483_647;

interface Entry {
  readonly id: JobId;
  readonly seq: number;
  readonly handler: JobHandler<unknown, unknown>;
  readonly payload: unknown;
  readonly priority: number;
  readonly maxAttempts: number;
  readonly timeoutMs: Milliseconds;
  readonly signal: AbortSignal | undefined;
  readonly key: string | undefined;
  readonly submittedAt: Milliseconds;
  readonly job: JobView;
  state: JobState;
  /** When it became (or becomes) ready: submit time, `runAt`, or the time of its retry. */
  readyAt: Milliseconds;
  attempts: number;
  result: unknown;
  error: unknown;
  errors: unknown[];
  /** Aborts the current attempt; a fresh controller per attempt. */
  controller: AbortController | undefined;
  startedAt: Milliseconds;
  cancelTimeout: (() => void) | undefined;
  onAbort: (() => void) | undefined;
  resolve: (outcome: JobOutcome<unknown>) => void;
}

/** The read-only handle `submit` returns; its getters read the live entry. */
class JobView implements Job<unknown, unknown> {
  readonly #entry: () => Entry;
  readonly done: Promise<JobOutcome<unknown>>;

  constructor(entry: () => Entry, done: Promise<JobOutcome<unknown>>) {
    this.#entry = entry;
    this.done = done;
  }
  get id(): JobId {
    return this.#entry().id;
  }
  get payload(): unknown {
    return this.#entry().payload;
  }
  get priority(): number {
    return this.#entry().priority;
  }
  get state(): JobState {
    return this.#entry().state;
  }
  get result(): unknown {
    return this.#entry().result;
  }
  get error(): unknown {
    return this.#entry().error;
  }
  get errors(): readonly unknown[] {
    return [...this.#entry().errors];
  }
  get attempts(): number {
    return this.#entry().attempts;
  }
  get submittedAt(): Milliseconds {
    return this.#entry().submittedAt;
  }
}

/** A binary min-heap under `before(a, b)` (true when `a` must come out first). */
class Heap<T> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => boolean;

  constructor(before: (a: T, b: T) => boolean) {
    this.#before = before;
  }
  get size(): number {
    return this.#items.length;
  }
  peek(): T | undefined {
    return this.#items[0];
  }
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(items[i] as T, items[parent] as T)) break;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && this.#before(items[left] as T, items[best] as T)) best = left;
      if (right < items.length && this.#before(items[right] as T, items[best] as T)) best = right;
      if (best === i) return top;
      [items[i], items[best]] = [items[best] as T, items[i] as T];
      i = best;
    }
  }
  clear(): T[] {
    return this.#items.splice(0);
  }
}

/** How many of the latest samples the percentiles cover. */
const PERCENTILE_WINDOW = 1000;
/** The sliding window of the processing rate, in ms of the injected clock. */
const RATE_WINDOW_MS: Milliseconds = 60_000;

/** Count, total and max since creation, plus a ring of the latest samples for the percentiles. */
class Timing {
  count = 0;
  totalMs: Milliseconds = 0;
  maxMs: Milliseconds = 0;
  readonly #ring = new Float64Array(PERCENTILE_WINDOW);

  record(ms: Milliseconds): void {
    this.#ring[this.count % PERCENTILE_WINDOW] = ms;
    this.count++;
    this.totalMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  summary(): TimingSummary {
    // A typed array sorts numerically (a plain array's default sort would compare strings).
    const sorted = this.#ring.slice(0, Math.min(this.count, PERCENTILE_WINDOW)).sort();
    return {
      count: this.count,
      totalMs: this.totalMs,
      maxMs: this.maxMs,
      p50Ms: nearestRank(sorted, 50),
      p95Ms: nearestRank(sorted, 95),
    };
  }
}

/** The sample at 1-based rank ⌈p·n/100⌉ (integer arithmetic first, so 0.95 × n never rounds up a rank); 0 if empty. */
function nearestRank(sorted: Float64Array, p: number): Milliseconds {
  if (sorted.length === 0) return 0;
  return sorted[Math.ceil((p * sorted.length) / 100) - 1] as number;
}

class Processor {
  readonly #strategy: ProcessingStrategy;
  readonly #maxWorkers: number;
  readonly #maxQueueSize: number;
  readonly #now: () => Milliseconds;
  readonly #random: () => number;
  readonly #onStateChange: ((event: JobEvent) => void) | undefined;
  /** Unfinished jobs by idempotency key. */
  readonly #byKey = new Map<string, Entry>();
  readonly #attempts: number;
  readonly #baseDelayMs: Milliseconds;
  readonly #maxDelayMs: Milliseconds;
  readonly #jitter: 'none' | 'full';
  readonly #jobs = new Map<JobId, Entry>();
  readonly #ready: Heap<Entry>;
  readonly #delayed = new Heap<Entry>((a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq));
  readonly #running = new Set<Entry>();
  readonly #deadLetters: DeadLetter[] = [];
  readonly #counts: Record<JobState, number> = {
    delayed: 0,
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
  };
  #seq = 0;
  #retries = 0;
  readonly #wait = new Timing();
  readonly #run = new Timing();
  /** Finish times (succeeded or failed) inside the rate window, oldest first from `#finishedHead`. */
  #finishedAt: Milliseconds[] = [];
  #finishedHead = 0;
  /** The due time the delayed-heap timer is armed for, and how to disarm it. */
  #wakeAt = Number.POSITIVE_INFINITY;
  #cancelWake: (() => void) | undefined;
  #idleWaiters: (() => void)[] = [];
  #closing = false;
  #closed: Promise<readonly Job<unknown, unknown>[]> | undefined;
  #unstarted: Job<unknown, unknown>[] = [];
  #cancelCloseTimer: (() => void) | undefined;

  constructor(strategy: ProcessingStrategy, options: JobProcessorOptions) {
    if (strategy !== ProcessingStrategy.FIFO && strategy !== ProcessingStrategy.PRIORITY) {
      throw new TypeError(`Expected \`strategy\` to be 'fifo' or 'priority', got ${describe(strategy)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    this.#strategy = strategy;
    this.#maxWorkers = checkInteger('maxWorkers', options.maxWorkers, 1, false);
    this.#maxQueueSize =
      options.maxQueueSize === undefined
        ? Number.POSITIVE_INFINITY
        : checkInteger('maxQueueSize', options.maxQueueSize, 0, true);
    this.#now = options.now === undefined ? Date.now : checkFunction('now', options.now);
    this.#random = options.random === undefined ? Math.random : checkFunction('random', options.random);
    this.#onStateChange =
      options.onStateChange === undefined ? undefined : checkFunction('onStateChange', options.onStateChange);
    const retry = options.retry ?? {};
    this.#attempts = retry.attempts === undefined ? 1 : checkInteger('attempts', retry.attempts, 1, false);
    this.#baseDelayMs =
      retry.baseDelayMs === undefined ? 100 : checkInteger('baseDelayMs', retry.baseDelayMs, 0, false);
    this.#maxDelayMs =
      retry.maxDelayMs === undefined ? Number.POSITIVE_INFINITY : checkInteger('maxDelayMs', retry.maxDelayMs, 0, true);
    const jitter = retry.jitter ?? 'none';
    if (jitter !== 'none' && jitter !== 'full') {
      throw new TypeError(`Expected \`jitter\` to be 'none' or 'full', got ${describe(jitter)}`);
    }
    this.#jitter = jitter;
    const byPriority = strategy === ProcessingStrategy.PRIORITY;
    // Higher priority first; among equals, the job that became ready first; then submission order.
    this.#ready = new Heap<Entry>((a, b) => {
      if (byPriority && a.priority !== b.priority) return a.priority > b.priority;
      if (a.readyAt !== b.readyAt) return a.readyAt < b.readyAt;
      return a.seq < b.seq;
    });
  }

  get strategy(): ProcessingStrategy {
    return this.#strategy;
  }
  get maxWorkers(): number {
    return this.#maxWorkers;
  }
  get running(): number {
    return this.#counts.running;
  }
  get size(): number {
    return this.#counts.queued + this.#counts.delayed;
  }

  submit<P, R>(handler: JobHandler<P, R>, payload: P, options: SubmitOptions = {}): Job<P, R> {
    checkFunction('handler', handler);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    const priority = options.priority === undefined ? 0 : checkFinite('priority', options.priority);
    if (options.delayMs !== undefined && options.runAt !== undefined) {
      throw new TypeError('Expected at most one of `delayMs` and `runAt`, got both');
    }
    const delayMs = options.delayMs === undefined ? 0 : checkNonNegative('delayMs', options.delayMs);
    const runAt = options.runAt === undefined ? undefined : checkFinite('runAt', options.runAt);
    const maxAttempts =
      options.attempts === undefined ? this.#attempts : checkInteger('attempts', options.attempts, 1, false);
    const timeoutMs = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : checkTimeout(options.timeoutMs);
    const signal = options.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describe(signal)}`);
    }
    const key = options.key;
    if (key !== undefined && (typeof key !== 'string' || key === '')) {
      throw new TypeError(`Expected \`key\` to be a non-empty string, got ${describe(key)}`);
    }
    if (this.#closing) throw new ProcessorClosedError();
    const existing = key === undefined ? undefined : this.#byKey.get(key);
    if (existing !== undefined) return existing.job as unknown as Job<P, R>;

    const now = this.#now();
    const readyAt = runAt ?? now + delayMs;
    const due = readyAt <= now;
    if (!(due && this.#hasFreeWorker()) && this.size >= this.#maxQueueSize) {
      throw new QueueFullError(this.#maxQueueSize);
    }

    this.#seq++;
    let resolve!: (outcome: JobOutcome<unknown>) => void;
    const done = new Promise<JobOutcome<unknown>>((settle) => {
      resolve = settle;
    });
    const entry: Entry = {
      id: `job-${this.#seq}`,
      seq: this.#seq,
      handler: handler as JobHandler<unknown, unknown>,
      payload,
      priority,
      maxAttempts,
      timeoutMs,
      signal,
      key,
      submittedAt: now,
      job: new JobView(() => entry, done),
      state: due ? 'queued' : 'delayed',
      readyAt: due ? now : readyAt,
      attempts: 0,
      result: undefined,
      error: undefined,
      errors: [],
      controller: undefined,
      startedAt: 0,
      cancelTimeout: undefined,
      onAbort: undefined,
      resolve,
    };
    this.#jobs.set(entry.id, entry);
    this.#counts[entry.state]++;
    if (key !== undefined) this.#byKey.set(key, entry);
    this.#onStateChange?.({ job: entry.job, from: null, to: entry.state });

    if (signal?.aborted) {
      this.#cancel(entry, signal.reason);
      return entry.job as Job<P, R>;
    }
    if (signal !== undefined) {
      entry.onAbort = () => this.#cancel(entry, signal.reason);
      signal.addEventListener('abort', entry.onAbort, { once: true });
    }
    if (due) this.#ready.push(entry);
    else this.#delay(entry);
    this.#dispatch();
    return entry.job as Job<P, R>;
  }

  get(id: JobId): Job<unknown, unknown> | undefined {
    return this.#jobs.get(id)?.job;
  }

  deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters.map((letter) => ({ ...letter, errors: [...letter.errors] }));
  }

  metrics(): JobMetrics {
    const c = this.#counts;
    return {
      delayed: c.delayed,
      queued: c.queued,
      running: c.running,
      succeeded: c.succeeded,
      failed: c.failed,
      cancelled: c.cancelled,
      queueDepth: c.delayed + c.queued,
      retries: this.#retries,
      deadLetters: this.#deadLetters.length,
      wait: this.#wait.summary(),
      run: this.#run.summary(),
      ratePerSecond: this.#finishedInWindow() / (RATE_WINDOW_MS / 1000),
    };
  }

  /** Drops finish times that left the window (t <= now − 60000) and returns how many remain. */
  #finishedInWindow(): number {
    const oldest = this.#now() - RATE_WINDOW_MS;
    const times = this.#finishedAt;
    while (this.#finishedHead < times.length && (times[this.#finishedHead] as number) <= oldest) this.#finishedHead++;
    if (this.#finishedHead > 1024 && this.#finishedHead * 2 > times.length) {
      this.#finishedAt = times.slice(this.#finishedHead);
      this.#finishedHead = 0;
    }
    return this.#finishedAt.length - this.#finishedHead;
  }

  onIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(options: CloseOptions = {}): Promise<readonly Job<unknown, unknown>[]> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${describe(options)}`);
    }
    const force = options.force ?? false;
    if (typeof force !== 'boolean') throw new TypeError(`Expected \`force\` to be a boolean, got ${describe(force)}`);
    const timeoutMs = options.timeoutMs === undefined ? undefined : checkTimeout(options.timeoutMs);
    this.#closing = true;
    this.#closed ??= this.onIdle().then(() => {
      this.#cancelCloseTimer?.();
      return this.#unstarted;
    });
    if (force) this.#shutDown();
    else if (timeoutMs !== undefined && timeoutMs !== Number.POSITIVE_INFINITY && !this.#isIdle()) {
      this.#cancelCloseTimer?.();
      this.#cancelCloseTimer = this.#alarm(this.#now() + timeoutMs, () => this.#shutDown());
    }
    return this.#closed;
  }

  /** Aborts running jobs and cancels every job that has not started, with a ShutdownError. */
  #shutDown(): void {
    const waiting = [...this.#ready.clear(), ...this.#delayed.clear()].filter(
      (entry) => entry.state === 'queued' || entry.state === 'delayed',
    );
    waiting.sort((a, b) => a.seq - b.seq);
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    this.#wakeAt = Number.POSITIVE_INFINITY;
    for (const entry of waiting) {
      this.#unstarted.push(entry.job);
      this.#cancel(entry, new ShutdownError());
    }
    for (const entry of [...this.#running]) this.#cancel(entry, new ShutdownError());
  }

  #hasFreeWorker(): boolean {
    return this.#running.size < this.#maxWorkers;
  }

  #isIdle(): boolean {
    const c = this.#counts;
    return c.queued + c.delayed + c.running === 0;
  }

  #setState(entry: Entry, state: JobState): void {
    const from = entry.state;
    this.#counts[from]--;
    entry.state = state;
    this.#counts[state]++;
    this.#onStateChange?.({ job: entry.job, from, to: state });
  }

  #delay(entry: Entry): void {
    if (entry.state !== 'delayed') this.#setState(entry, 'delayed');
    this.#delayed.push(entry);
    if (entry.readyAt < this.#wakeAt) this.#armWake(entry.readyAt);
  }

  #armWake(at: Milliseconds): void {
    this.#cancelWake?.();
    this.#wakeAt = at;
    this.#cancelWake = this.#alarm(at, () => {
      this.#wakeAt = Number.POSITIVE_INFINITY;
      this.#cancelWake = undefined;
      this.#promoteDue();
      this.#dispatch();
    });
  }

  /** Moves every delayed job whose time has come to the ready heap, then re-arms for the next one. */
  #promoteDue(): void {
    const now = this.#now();
    for (let next = this.#delayed.peek(); next !== undefined; next = this.#delayed.peek()) {
      if (next.state !== 'delayed') {
        this.#delayed.pop();
        continue;
      }
      if (next.readyAt > now) {
        this.#armWake(next.readyAt);
        return;
      }
      this.#delayed.pop();
      this.#setState(next, 'queued');
      this.#ready.push(next);
    }
  }

  /** Starts ready jobs while a worker is free. */
  #dispatch(): void {
    while (this.#hasFreeWorker()) {
      const entry = this.#ready.pop();
      if (entry === undefined) break;
      if (entry.state !== 'queued') continue;
      this.#start(entry);
    }
    this.#notifyIdle();
  }

  #start(entry: Entry): void {
    const now = this.#now();
    this.#setState(entry, 'running');
    this.#running.add(entry);
    entry.attempts++;
    entry.startedAt = now;
    this.#wait.record(now - entry.readyAt);
    const controller = new AbortController();
    entry.controller = controller;
    if (entry.timeoutMs !== Number.POSITIVE_INFINITY) {
      const timeoutMs = entry.timeoutMs;
      entry.cancelTimeout = this.#alarm(now + timeoutMs, () => {
        if (entry.controller !== controller) return;
        const error = new TimeoutError(entry.id, timeoutMs);
        controller.abort(error);
        this.#attemptFailed(entry, error);
      });
    }
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve(
        entry.handler(entry.payload, { id: entry.id, attempt: entry.attempts, signal: controller.signal }),
      );
    } catch (error) {
      // A handler that throws before returning a promise fails its attempt the same way as one that rejects.
      outcome = Promise.reject(error);
    }
    outcome.then(
      (result) => {
        if (entry.controller !== controller) return;
        this.#endAttempt(entry);
        entry.result = result;
        this.#finish(entry, 'succeeded');
      },
      (error: unknown) => {
        if (entry.controller === controller) this.#attemptFailed(entry, error);
      },
    );
  }

  /** Leaves `running`: stops the timeout, records the run time, frees the worker. */
  #endAttempt(entry: Entry): void {
    entry.cancelTimeout?.();
    entry.cancelTimeout = undefined;
    entry.controller = undefined;
    this.#running.delete(entry);
    this.#run.record(this.#now() - entry.startedAt);
  }

  #attemptFailed(entry: Entry, error: unknown): void {
    this.#endAttempt(entry);
    entry.errors.push(error);
    entry.error = error;
    if (entry.attempts < entry.maxAttempts) {
      this.#retries++;
      const now = this.#now();
      entry.readyAt = now + this.#backoff(entry.attempts);
      if (entry.readyAt <= now) {
        this.#setState(entry, 'queued');
        this.#ready.push(entry);
      } else this.#delay(entry);
      this.#dispatch();
      return;
    }
    this.#deadLetters.push({
      id: entry.id,
      payload: entry.payload,
      attempts: entry.attempts,
      errors: entry.errors,
      failedAt: this.#now(),
    });
    this.#finish(entry, 'failed');
  }

  /** Delay before the retry that follows failed attempt `n` (1-based): min(cap, base × 2^(n−1)), then jitter. */
  #backoff(n: number): Milliseconds {
    const capped = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (n - 1));
    return this.#jitter === 'full' ? Math.floor(this.#random() * capped) : capped;
  }

  #cancel(entry: Entry, reason: unknown): void {
    if (entry.state === 'running') {
      const controller = entry.controller;
      this.#endAttempt(entry);
      controller?.abort(reason);
    } else if (entry.state !== 'queued' && entry.state !== 'delayed') return;
    entry.error = reason;
    this.#finish(entry, 'cancelled');
  }

  #finish(entry: Entry, state: 'succeeded' | 'failed' | 'cancelled'): void {
    // Free the key first, so a listener or a `done` callback may submit the same key again.
    if (entry.key !== undefined) this.#byKey.delete(entry.key);
    if (state !== 'cancelled') {
      this.#finishedAt.push(this.#now());
      this.#finishedInWindow();
    }
    this.#setState(entry, state);
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener('abort', entry.onAbort);
    entry.onAbort = undefined;
    entry.resolve(state === 'succeeded' ? { state, result: entry.result } : { state, error: entry.error });
    this.#dispatch();
  }

  #notifyIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Calls `callback` once `now() >= at`; returns a function that disarms it. */
  #alarm(at: Milliseconds, callback: () => void): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      const wait = Math.min(MAX_TIMER_DELAY, Math.max(0, at - this.#now()));
      timer = setTimeout(() => {
        if (this.#now() < at) arm();
        else callback();
      }, wait);
    };
    arm();
    return () => clearTimeout(timer);
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

export const JobProcessorFactory = {
  create(strategy: ProcessingStrategy, options: JobProcessorOptions): JobProcessor {
    return new Processor(strategy, options);
  },
} as const;

function describe(value: unknown): string {
  const shown =
    typeof value === 'string'
      ? `'${value}'`
      : typeof value === 'bigint'
        ? `${value}n`
        : typeof value === 'object' && value !== null
          ? Object.prototype.toString.call(value)
          : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function checkInteger(name: string, value: unknown, min: 0 | 1, allowInfinity: boolean): number {
  const expected = `Expected \`${name}\` to be ${min === 1 ? 'a positive' : 'a non-negative'} integer${
    allowInfinity ? ' or Infinity' : ''
  }, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(expected);
  if (allowInfinity && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(expected);
  return value;
}

function checkFinite(name: string, value: unknown): number {
  const expected = `Expected \`${name}\` to be a finite number, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(expected);
  if (!Number.isFinite(value)) throw new RangeError(expected);
  return value;
}

function checkNonNegative(name: string, value: unknown): number {
  const expected = `Expected \`${name}\` to be a non-negative finite number of milliseconds, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(expected);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(expected);
  return value;
}

function checkTimeout(value: unknown): number {
  const expected = `Expected \`timeoutMs\` to be a positive number of milliseconds or Infinity, got ${describe(value)}`;
  if (typeof value !== 'number') throw new TypeError(expected);
  if (!(value > 0)) throw new RangeError(expected);
  return value;
}

function checkFunction<F>(name: string, value: F): F {
  if (typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${describe(value)}`);
  return value;
}
