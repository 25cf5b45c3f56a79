/**
 * Job processor — your implementation goes here.
 *
 * Read katas/job-processor/README.md for the contract, level by level. `npm run kata job-processor` runs the specs on
 * every save. Replace the `throw` with real code (a class implementing `JobProcessor` is the usual shape); keep the
 * exported names and signatures, the specs import them.
 */

/** Milliseconds on the injected `now()` clock. */
export type Milliseconds = number;
/** A job's id: a string unique within its processor. */
export type JobId = string;

/** Level 1. In which order waiting jobs start: submission (readiness) order, or highest priority first (level 2). */
export const ProcessingStrategy = { FIFO: 'fifo', PRIORITY: 'priority' } as const;
export type ProcessingStrategy = (typeof ProcessingStrategy)[keyof typeof ProcessingStrategy];

/**
 * Level 1: `queued` → `running` → `succeeded` | `failed`. Level 2: `delayed` before `queued`. Level 3: `cancelled`.
 */
export type JobState = 'delayed' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The second argument of every handler call. */
export interface JobContext {
  readonly id: JobId;
  /** 1 for the first try, 2 for the first retry… (level 3). */
  readonly attempt: number;
  /** Aborts when the attempt times out, the job is cancelled, or the processor is force-closed (level 3–4). */
  readonly signal: AbortSignal;
}

/** The work: called with the payload and a context; may return a value or a promise. */
export type JobHandler<P, R> = (payload: P, context: JobContext) => R | PromiseLike<R>;

/** Level 3. Processor-wide retries; see the README for the backoff formula. */
export interface RetryPolicy {
  /** Every try, the first one included. Default 1 (no retry). */
  readonly attempts?: number;
  /** Wait before the first retry; it doubles for each later retry. Default 100. */
  readonly baseDelayMs?: Milliseconds;
  /** Cap on any wait. Default Infinity. */
  readonly maxDelayMs?: Milliseconds;
  /** `'full'`: wait `Math.floor(random() × w)` instead of `w`. Default `'none'`. */
  readonly jitter?: 'none' | 'full';
}

export interface JobProcessorOptions {
  /** Level 1. At most this many jobs run at once: a positive safe integer. */
  readonly maxWorkers: number;
  /** Level 2. At most this many jobs wait (queued or delayed); a non-negative safe integer or Infinity (default). */
  readonly maxQueueSize?: number;
  /** Level 1. The clock every rule reads. Default `Date.now`. */
  readonly now?: () => Milliseconds;
  /** Level 3. Default: one attempt, no retry. */
  readonly retry?: RetryPolicy;
  /** Level 3. Random source for jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Level 4. Called synchronously at every state change of every job, the first one (`from: null`) included. */
  readonly onStateChange?: (event: JobEvent) => void;
}

export interface SubmitOptions {
  /** Level 2. Higher runs first under PRIORITY; a finite number, default 0. */
  readonly priority?: number;
  /** Level 2. Not before `now() + delayMs`. */
  readonly delayMs?: Milliseconds;
  /** Level 2. Not before this time on the `now()` clock (not with `delayMs`). */
  readonly runAt?: Milliseconds;
  /** Level 3. Overrides the processor's `retry.attempts` for this job. */
  readonly attempts?: number;
  /** Level 3. Per attempt, from the attempt's start. Default Infinity. */
  readonly timeoutMs?: Milliseconds;
  /** Level 3. Cancels the job when it aborts. */
  readonly signal?: AbortSignal;
  /** Level 4. Idempotency key: while a job with this key is unfinished, submitting the key again returns that job. */
  readonly key?: string;
}

/** Level 4. One state change: `from` is `null` when the job was just submitted. */
export interface JobEvent {
  readonly job: Job<unknown, unknown>;
  readonly from: JobState | null;
  readonly to: JobState;
}

/** What `job.done` resolves with; it never rejects. */
export type JobOutcome<R> =
  | { readonly state: 'succeeded'; readonly result: R }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'cancelled'; readonly error: unknown };

/** The live handle `submit` returns: its fields always show the job's current state. */
export interface Job<P, R> {
  readonly id: JobId;
  readonly payload: P;
  readonly priority: number;
  readonly state: JobState;
  readonly result: R | undefined;
  readonly error: unknown;
  /** Level 3. Every error seen, one per failed attempt. */
  readonly errors: readonly unknown[];
  /** How many times the handler has been started. */
  readonly attempts: number;
  readonly submittedAt: Milliseconds;
  readonly done: Promise<JobOutcome<R>>;
}

/** Level 3. A job that failed for good, with every error seen. */
export interface DeadLetter {
  readonly id: JobId;
  readonly payload: unknown;
  readonly attempts: number;
  readonly errors: readonly unknown[];
  readonly failedAt: Milliseconds;
}

/** Level 4. Over attempts (one sample per attempt, retries included), in milliseconds of the injected clock. */
export interface TimingSummary {
  /** Samples since creation. */
  readonly count: number;
  /** Sum of every sample since creation. */
  readonly totalMs: Milliseconds;
  /** Largest sample since creation; 0 with none. */
  readonly maxMs: Milliseconds;
  /** Nearest-rank median of the last 1000 samples: sorted ascending, the one at 1-based rank ⌈50n/100⌉; 0 with none. */
  readonly p50Ms: Milliseconds;
  /** Nearest-rank 95th percentile of the last 1000 samples: rank ⌈95n/100⌉; 0 with none. */
  readonly p95Ms: Milliseconds;
}

/** Level 4. A snapshot: jobs per state now, and totals since creation. */
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
  /** From the time the job became ready (submit, due time or retry time) to the start of each attempt. */
  readonly wait: TimingSummary;
  /** From the start of each attempt to its end (success, failure, timeout or cancellation). */
  readonly run: TimingSummary;
  /**
   * Jobs that finished as 'succeeded' or 'failed' with finish time t in (now() − 60000, now()], divided by 60.
   * Cancelled jobs and retried attempts do not count; 0 when none.
   */
  readonly ratePerSecond: number;
}

/** Level 4. */
export interface CloseOptions {
  readonly force?: boolean;
  readonly timeoutMs?: Milliseconds;
}

/** Base class of the processor's own errors. */
export class JobProcessorError extends Error {
  override name = 'JobProcessorError';
}

/** Level 2. Thrown by `submit` when the job would have to wait and `maxQueueSize` jobs already wait. */
export class QueueFullError extends JobProcessorError {
  override name = 'QueueFullError';
  readonly maxQueueSize: number;
  constructor(maxQueueSize: number) {
    super(`Queue full: ${maxQueueSize} job(s) already waiting`);
    this.maxQueueSize = maxQueueSize;
  }
}

/** Level 3. The error of an attempt that ran longer than its `timeoutMs`. */
export class TimeoutError extends JobProcessorError {
  override name = 'TimeoutError';
  readonly timeoutMs: Milliseconds;
  constructor(id: JobId, timeoutMs: Milliseconds) {
    super(`Job ${id} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** Level 4. Thrown by `submit` after `close()`. */
export class ProcessorClosedError extends JobProcessorError {
  override name = 'ProcessorClosedError';
  constructor() {
    super('The processor is closed: it accepts no new jobs');
  }
}

/** Level 4. The error of jobs cancelled by a forced close. */
export class ShutdownError extends JobProcessorError {
  override name = 'ShutdownError';
  constructor() {
    super('The processor was shut down before the job finished');
  }
}

export interface JobProcessor {
  /** Level 1. The strategy given. */
  readonly strategy: ProcessingStrategy;
  /** Level 1. The worker limit given. */
  readonly maxWorkers: number;
  /** Level 1. Jobs running now. */
  readonly running: number;
  /** Level 1. Jobs waiting now (queued or delayed). */
  readonly size: number;
  /**
   * Level 1. Accepts a job and starts it at once if a worker is free.
   * @throws TypeError/RangeError for bad input; QueueFullError (level 2); ProcessorClosedError (level 4).
   */
  submit<P, R>(handler: JobHandler<P, R>, payload: P, options?: SubmitOptions): Job<P, R>;
  /** Level 1. The job with this id, or undefined. */
  get(id: JobId): Job<unknown, unknown> | undefined;
  /** Level 1. Resolves once nothing is queued, delayed or running. */
  onIdle(): Promise<void>;
  /** Level 3. Jobs that failed for good, in the order they failed. */
  deadLetters(): readonly DeadLetter[];
  /** Level 4. */
  metrics(): JobMetrics;
  /** Level 4. Stops intake; resolves once idle with the jobs that never started (forced close only). */
  close(options?: CloseOptions): Promise<readonly Job<unknown, unknown>[]>;
}

export const JobProcessorFactory = {
  /**
   * Level 1. A processor running at most `options.maxWorkers` jobs at once, in `strategy` order.
   * @throws TypeError when `strategy` or an option has the wrong type; RangeError when a number is out of range.
   */
  create(strategy: ProcessingStrategy, options: JobProcessorOptions): JobProcessor {
    void strategy;
    void options;
    throw new Error('Not implemented: JobProcessorFactory.create (katas/job-processor/index.ts)');
  },
} as const;
